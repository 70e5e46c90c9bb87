package ai.buena.leads.projection;

import java.util.ArrayList;
import java.util.List;

/**
 * A Bloom filter of 64-bit hashes that grows without knowing how many it will hold: filled parts
 * stay, and a new part twice as large takes the next additions. Each part is a blocked filter (all
 * of a hash's bits within one 512-bit block: one cache line read per part). A lookup tries every
 * part, so their false positives add up: the first, small parts get more bits per entry (18, then
 * one fewer each, down to 10 from the ninth part on), which keeps the sum at ~0.1–2 % for 100,000
 * to 5,000,000 entries for 1.7–3.1 bytes an entry. It never answers "absent" for an added hash.
 */
final class GrowingBloomFilter {
  private static final int FIRST_CAPACITY = 1 << 14;
  private static final int FIRST_BITS_PER_ENTRY = 18;
  private static final int MIN_BITS_PER_ENTRY = 10;
  private static final int MAX_PROBES = 7;
  private static final int WORDS_PER_BLOCK = 8;

  private final List<Part> parts = new ArrayList<>();
  private Part current;
  private int inCurrent;
  private long bytes;

  GrowingBloomFilter() {
    grow(FIRST_CAPACITY);
  }

  void add(long hash) {
    if (inCurrent == current.capacity) {
      grow(current.capacity * 2);
    }
    current.set(hash, remix(hash));
    inCurrent++;
  }

  boolean mightContain(long hash) {
    long bits = remix(hash);
    for (int p = parts.size() - 1; p >= 0; p--) {
      if (parts.get(p).holds(hash, bits)) {
        return true;
      }
    }
    return false;
  }

  /** The heap its bit arrays take. */
  long bytes() {
    return bytes;
  }

  private void grow(int capacity) {
    int bitsPerEntry = Math.max(MIN_BITS_PER_ENTRY, FIRST_BITS_PER_ENTRY - parts.size());
    int blocks = (int) ((long) capacity * bitsPerEntry / (WORDS_PER_BLOCK * 64)) + 1;
    // k = ln 2 × bits per entry, at most 7: the probes take 9 bits each of one 64-bit remix
    int probes = Math.min(MAX_PROBES, Math.round(bitsPerEntry * 0.69f));
    current = new Part(new long[blocks * WORDS_PER_BLOCK], probes, capacity);
    parts.add(current);
    inCurrent = 0;
    bytes += current.words.length * 8L;
  }

  /** Bits for the probes that do not repeat the block choice's. */
  private static long remix(long hash) {
    return Long.rotateLeft(hash * 0x9E3779B97F4A7C15L, 29);
  }

  private record Part(long[] words, int probes, int capacity) {
    void set(long hash, long bits) {
      int base = blockOf(hash);
      for (int probe = 0; probe < probes; probe++) {
        int bit = (int) (bits >>> (probe * 9)) & 511;
        words[base + (bit >>> 6)] |= 1L << bit;
      }
    }

    boolean holds(long hash, long bits) {
      int base = blockOf(hash);
      for (int probe = 0; probe < probes; probe++) {
        int bit = (int) (bits >>> (probe * 9)) & 511;
        if ((words[base + (bit >>> 6)] & (1L << bit)) == 0) {
          return false;
        }
      }
      return true;
    }

    /** The first word of the hash's block: its high 32 bits scaled to the number of blocks. */
    private int blockOf(long hash) {
      long blocks = words.length / WORDS_PER_BLOCK;
      return (int) (((hash >>> 32) * blocks) >>> 32) * WORDS_PER_BLOCK;
    }
  }
}
