package ai.buena.leads.query;

import java.util.Arrays;
import java.util.function.IntPredicate;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.RoaringBitmap;

/**
 * A bitmap's doc numbers as plain bits, for a walk that tests membership at every step: a load and
 * a shift instead of a search in a container. Building it copies a dense container's 1,024 words
 * at once and costs one step per member of the others ({@link #buildSteps}).
 *
 * <p>The words are borrowed from the thread's last ones and cleared when {@link #close closed}:
 * a page of a million leads builds one of about 20 KiB per partition, which was over half of what a
 * filtered page allocated.
 */
final class MatchBits implements IntPredicate, AutoCloseable {
  /** Words a dense container's copy is charged as, in walk steps (a step is a word read and a bit). */
  static final int DENSE_CONTAINER_STEPS = 64;

  /** The most words a thread keeps between walks (512 KiB: 4 million doc numbers). */
  private static final int MAX_KEPT_WORDS = 1 << 16;
  private static final ThreadLocal<long[]> KEPT = new ThreadLocal<>();

  private final long[] words;
  private final int length;
  private boolean closed;

  MatchBits(RoaringBitmap docs) {
    // whole containers (2^16 doc numbers, 1,024 words each): a dense one is copied as it is
    length = docs.isEmpty() ? 0 : ((docs.last() >>> 16) + 1) << 10;
    long[] kept = KEPT.get();
    if (kept != null && kept.length >= length) {
      KEPT.remove();
      words = kept;
    } else {
      words = new long[length];
    }
    for (ContainerPointer container = docs.getContainerPointer();
        container.getContainer() != null;
        container.advance()) {
      container.getContainer().copyBitmapTo(words, container.key() << 10);
    }
  }

  /** What building the bits of {@code docs} costs, in walk steps. */
  static long buildSteps(RoaringBitmap docs) {
    long steps = 0;
    for (ContainerPointer container = docs.getContainerPointer();
        container.getContainer() != null;
        container.advance()) {
      steps += container.isBitmapContainer() ? DENSE_CONTAINER_STEPS : container.getCardinality();
    }
    return steps;
  }

  @Override
  public boolean test(int doc) {
    int word = doc >>> 6;
    return word < length && (words[word] & (1L << doc)) != 0;
  }

  /** Clears the words and keeps them for the thread's next walk when they are not too many. */
  @Override
  public void close() {
    if (closed || words.length > MAX_KEPT_WORDS) {
      return;
    }
    closed = true;
    Arrays.fill(words, 0, length, 0L);
    long[] kept = KEPT.get();
    if (kept == null || kept.length < words.length) {
      KEPT.set(words);
    }
  }
}
