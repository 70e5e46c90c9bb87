package ai.buena.leads.index;

import java.util.Arrays;

/**
 * The distinct runs of one, two and three UTF-16 chars of a text, each packed into a long key with
 * its length. A text contains a term of at most three chars exactly when it has the term's own
 * gram, and a longer term only if it has every trigram of the term.
 */
final class Grams {
  /** Odd, so multiplying by it is one-to-one on longs and spreads {@link Long#hashCode}. */
  private static final long MIX = 0x9E3779B97F4A7C15L;

  private Grams() {}

  /** Every distinct gram of one to three chars of {@code text}. */
  static long[] of(String text) {
    return of(text, 1, 3);
  }

  /** Every distinct gram of {@code shortest} to {@code longest} (at most three) chars of {@code text}. */
  static long[] of(String text, int shortest, int longest) {
    int n = text.length();
    long[] grams = new long[(longest - shortest + 1) * n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      for (int length = shortest; length <= longest && i + length <= n; length++) {
        grams[count++] = key(text, i, length);
      }
    }
    return distinct(grams, count);
  }

  /** Every distinct gram of one or two chars of any of {@code texts} (nulls skipped). */
  static long[] shortOf(String... texts) {
    int chars = 0;
    for (String text : texts) {
      chars += text == null ? 0 : text.length();
    }
    long[] grams = new long[2 * chars];
    int count = 0;
    for (String text : texts) {
      if (text == null) {
        continue;
      }
      int n = text.length();
      for (int i = 0; i < n; i++) {
        grams[count++] = key(text, i, 1);
        if (i + 1 < n) {
          grams[count++] = key(text, i, 2);
        }
      }
    }
    return distinct(grams, count);
  }

  /** The key of {@code term}, of one to three chars. */
  static long keyOf(String term) {
    return key(term, 0, term.length());
  }

  private static long[] distinct(long[] grams, int count) {
    Arrays.sort(grams, 0, count);
    int distinct = 0;
    for (int i = 0; i < count; i++) {
      if (i == 0 || grams[i] != grams[i - 1]) {
        grams[distinct++] = grams[i];
      }
    }
    return Arrays.copyOf(grams, distinct);
  }

  /**
   * The keys whose postings answer {@code term} (not empty): the term itself when it has one to
   * three chars (then exact), else its distinct trigrams (then a superset to check).
   */
  static long[] forTerm(String term) {
    if (term.length() <= 3) {
      return new long[] {key(term, 0, term.length())};
    }
    long[] grams = new long[term.length() - 2];
    for (int i = 0; i < grams.length; i++) {
      grams[i] = key(term, i, 3);
    }
    Arrays.sort(grams);
    int distinct = 0;
    for (int i = 0; i < grams.length; i++) {
      if (i == 0 || grams[i] != grams[i - 1]) {
        grams[distinct++] = grams[i];
      }
    }
    return distinct == grams.length ? grams : Arrays.copyOf(grams, distinct);
  }

  private static long key(String text, int from, int length) {
    long packed = length;
    for (int i = from; i < from + length; i++) {
      packed = (packed << 16) | text.charAt(i);
    }
    return packed * MIX;
  }
}
