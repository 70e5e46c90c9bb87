package ai.buena.leads.index;

/**
 * Compares strings by Unicode code point, unlike {@link String#compareTo}, which compares UTF-16
 * units and so puts a supplementary character (a surrogate pair) before U+E000..U+FFFF. Code point
 * order is also the byte order of the strings' UTF-8 encodings.
 */
public final class CodePointOrder {

  private CodePointOrder() {}

  public static int compare(String a, String b) {
    int i = 0;
    while (i < a.length() && i < b.length()) {
      int codePointA = a.codePointAt(i);
      int codePointB = b.codePointAt(i);
      if (codePointA != codePointB) {
        return Integer.compare(codePointA, codePointB);
      }
      i += Character.charCount(codePointA);
    }
    return Integer.compare(a.length(), b.length());
  }
}
