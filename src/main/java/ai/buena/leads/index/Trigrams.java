package ai.buena.leads.index;

import java.util.Arrays;

/**
 * The distinct runs of three UTF-16 chars of a text, each packed into a long key. A text contains a
 * term only if it has every trigram of the term ({@link String#contains} compares chars too).
 */
final class Trigrams {
  private static final long[] NONE = new long[0];
  /**
   * Odd, so multiplying by it is one-to-one on longs: keys stay distinct, while their {@link
   * Long#hashCode} (high half XOR low half) spreads, which the packed chars' alone does not.
   */
  private static final long MIX = 0x9E3779B97F4A7C15L;

  private Trigrams() {}

  static long[] of(String text) {
    if (text.length() < 3) {
      return NONE;
    }
    long[] grams = new long[text.length() - 2];
    for (int i = 0; i < grams.length; i++) {
      long packed =
          ((long) text.charAt(i) << 32) | ((long) text.charAt(i + 1) << 16) | text.charAt(i + 2);
      grams[i] = packed * MIX;
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
}
