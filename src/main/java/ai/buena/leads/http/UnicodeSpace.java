package ai.buena.leads.http;

/** Whitespace of any script, as the API reads it in parameters and bodies. */
final class UnicodeSpace {
  private UnicodeSpace() {}

  /**
   * Java's whitespace, ECMAScript's {@code \s} (with the byte order mark) and every Unicode space,
   * so a no-break space pasted from a web page counts as a space.
   */
  static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085' || c == '\uFEFF';
  }

  /**
   * Whether {@code text} shows nothing: only spaces ({@link #isSpace}) and invisible format
   * characters (zero-width space, joiners, marks of direction).
   */
  static boolean isBlank(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isSpace(c) && Character.getType(c) != Character.FORMAT) {
        return false;
      }
    }
    return true;
  }
}
