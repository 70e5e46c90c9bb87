package ai.buena.leads.query;

import java.util.function.IntPredicate;
import org.roaringbitmap.RoaringBitmap;

/**
 * Membership in a bitmap for a walk whose length is not known in advance: searched in the bitmap
 * at first, then, once the walk has made as many searches as building plain bits ({@link
 * MatchBits}) is worth, tested in those bits. A walk that ends early builds nothing; one that goes
 * on for long (its matches all sort late) pays at most about twice what knowing its length would
 * have cost, instead of a search in the bitmap at every step.
 */
final class GrowingMatchBits implements IntPredicate, AutoCloseable {
  private final RoaringBitmap docs;
  private final long buildSteps;
  private long searchesLeft;
  private MatchBits bits;

  /**
   * Tests {@code docs} by search for the first {@code searches} tests, by plain bits after; {@code
   * buildSteps} is what building those bits costs ({@link MatchBits#buildSteps}).
   */
  GrowingMatchBits(RoaringBitmap docs, long buildSteps, long searches) {
    this.docs = docs;
    this.buildSteps = buildSteps;
    this.searchesLeft = searches;
  }

  @Override
  public boolean test(int doc) {
    if (bits != null) {
      return bits.test(doc);
    }
    if (searchesLeft > 0) {
      searchesLeft--;
      return docs.contains(doc);
    }
    build();
    return bits.test(doc);
  }

  /** Builds the plain bits now (once): every test from now on reads them. */
  void build() {
    if (bits == null) {
      bits = new MatchBits(docs);
    }
  }

  /** What building the plain bits costs, in walk steps ({@link MatchBits#buildSteps}). */
  long buildSteps() {
    return buildSteps;
  }

  /** Whether the plain bits were built. */
  boolean built() {
    return bits != null;
  }

  @Override
  public void close() {
    if (bits != null) {
      bits.close();
    }
  }
}
