package ai.buena.leads.query;

import java.util.function.IntPredicate;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * A bitmap's doc numbers as plain bits, for a walk that tests membership at every step: a load and
 * a shift instead of a search in a sparse container. Building it costs one step per member.
 */
final class MatchBits implements IntPredicate {
  private final long[] words;

  MatchBits(RoaringBitmap docs) {
    words = new long[docs.isEmpty() ? 0 : (docs.last() >>> 6) + 1];
    for (IntIterator members = docs.getIntIterator(); members.hasNext(); ) {
      int doc = members.next();
      words[doc >>> 6] |= 1L << doc;
    }
  }

  @Override
  public boolean test(int doc) {
    int word = doc >>> 6;
    return word < words.length && (words[word] & (1L << doc)) != 0;
  }
}
