package ai.buena.leads.events;

/**
 * Whether bytes are well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past
 * U+10FFFF. JSON exchanged between systems must be UTF-8 (RFC 8259), and Jackson decodes some
 * malformed sequences instead of refusing them ({@code C0 AF} becomes {@code /}), so a value or a
 * body is checked before it is parsed.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * Whether bytes can be JSON text as exchanged between systems: well-formed UTF-8 without a NUL
   * byte. A raw NUL is never part of JSON text (strings escape it), and JSON in UTF-16 or UTF-32
   * has them next to every ASCII character, which Jackson detects and would read as such.
   */
  public static boolean jsonText(byte[] bytes) {
    return check(bytes, 0, bytes.length, false);
  }

  /** {@link #jsonText(byte[])} of {@code bytes[from..to)}. */
  public static boolean jsonText(byte[] bytes, int from, int to) {
    return check(bytes, from, to, false);
  }

  public static boolean wellFormed(byte[] bytes) {
    return check(bytes, 0, bytes.length, true);
  }

  private static boolean check(byte[] bytes, int from, int to, boolean nulAllowed) {
    int i = from;
    while (i < to) {
      int b = bytes[i];
      if (b >= 0) {
        if (b == 0 && !nulAllowed) {
          return false;
        }
        i++;
        continue;
      }
      int lead = b & 0xFF;
      int length;
      // the second byte's range: narrower after E0 and F0 (no overlong forms), ED (no
      // surrogates) and F4 (nothing past U+10FFFF)
      int low = 0x80;
      int high = 0xBF;
      if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        low = lead == 0xE0 ? 0xA0 : low;
        high = lead == 0xED ? 0x9F : high;
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        low = lead == 0xF0 ? 0x90 : low;
        high = lead == 0xF4 ? 0x8F : high;
      } else {
        // a continuation byte without a lead, C0/C1 (overlong), or F5..FF
        return false;
      }
      if (i + length > to) {
        return false;
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < low || second > high) {
        return false;
      }
      for (int k = 2; k < length; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return false;
        }
      }
      i += length;
    }
    return true;
  }
}
