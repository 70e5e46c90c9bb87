package ai.buena.leads.projection;

import java.util.ArrayList;
import java.util.List;

/**
 * A Bloom filter of 64-bit hashes that grows without knowing how many it will hold: filled parts
 * stay, and a new part twice as large takes the next additions. Each part is a blocked filter (all
 * of a hash's bits within one 512-bit block: one cache line read per part) with ~10 bits per entry,
 * about 1 % false positives per part. It never answers "absent" for an added hash.
 */
final class GrowingBloomFilter {
  private static final int FIRST_CAPACITY = 1 << 12;
  private static final int BITS_PER_ENTRY = 10;
  private static final int WORDS_PER_BLOCK = 8;
  private static final int PROBES = 7;

  private final List<long[]> parts = new ArrayList<>();
  private long[] current;
  private int currentCapacity;
  private int inCurrent;
  private long bytes;

  GrowingBloomFilter() {
    grow(FIRST_CAPACITY);
  }

  void add(long hash) {
    if (inCurrent == currentCapacity) {
      grow(currentCapacity * 2);
    }
    long[] words = current;
    int base = blockOf(hash, words);
    long bits = remix(hash);
    for (int probe = 0; probe < PROBES; probe++) {
      int bit = (int) (bits >>> (probe * 9)) & 511;
      words[base + (bit >>> 6)] |= 1L << bit;
    }
    inCurrent++;
  }

  boolean mightContain(long hash) {
    long bits = remix(hash);
    for (int p = parts.size() - 1; p >= 0; p--) {
      if (contains(parts.get(p), hash, bits)) {
        return true;
      }
    }
    return false;
  }

  /** The heap its bit arrays take. */
  long bytes() {
    return bytes;
  }

  private static boolean contains(long[] words, long hash, long bits) {
    int base = blockOf(hash, words);
    for (int probe = 0; probe < PROBES; probe++) {
      int bit = (int) (bits >>> (probe * 9)) & 511;
      if ((words[base + (bit >>> 6)] & (1L << bit)) == 0) {
        return false;
      }
    }
    return true;
  }

  private void grow(int capacity) {
    int blocks = (int) ((long) capacity * BITS_PER_ENTRY / (WORDS_PER_BLOCK * 64)) + 1;
    current = new long[blocks * WORDS_PER_BLOCK];
    parts.add(current);
    currentCapacity = capacity;
    inCurrent = 0;
    bytes += current.length * 8L;
  }

  /** The first word of the hash's block: its high 32 bits scaled to the number of blocks. */
  private static int blockOf(long hash, long[] words) {
    long blocks = words.length / WORDS_PER_BLOCK;
    return (int) (((hash >>> 32) * blocks) >>> 32) * WORDS_PER_BLOCK;
  }

  /** Bits for the probes that do not repeat the block choice's. */
  private static long remix(long hash) {
    return Long.rotateLeft(hash * 0x9E3779B97F4A7C15L, 29);
  }
}
