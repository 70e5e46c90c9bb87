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
    for (byte b : bytes) {
      if (b == 0) {
        return false;
      }
    }
    return wellFormed(bytes);
  }

  public static boolean wellFormed(byte[] bytes) {
    int i = 0;
    int length = bytes.length;
    while (i < length) {
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      int lead = b & 0xFF;
      if (lead >= 0xC2 && lead <= 0xDF) {
        if (!continuation(bytes, i + 1)) {
          return false;
        }
        i += 2;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        if (i + 2 >= length || !continuation(bytes, i + 2)) {
          return false;
        }
        int second = bytes[i + 1] & 0xFF;
        // E0: A0..BF (no overlong forms); ED: 80..9F (no surrogates)
        int low = lead == 0xE0 ? 0xA0 : 0x80;
        int high = lead == 0xED ? 0x9F : 0xBF;
        if (second < low || second > high) {
          return false;
        }
        i += 3;
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        if (i + 3 >= length || !continuation(bytes, i + 2) || !continuation(bytes, i + 3)) {
          return false;
        }
        int second = bytes[i + 1] & 0xFF;
        // F0: 90..BF (no overlong forms); F4: 80..8F (nothing past U+10FFFF)
        int low = lead == 0xF0 ? 0x90 : 0x80;
        int high = lead == 0xF4 ? 0x8F : 0xBF;
        if (second < low || second > high) {
          return false;
        }
        i += 4;
      } else {
        // a continuation byte without a lead, C0/C1 (overlong), or F5..FF
        return false;
      }
    }
    return true;
  }

  private static boolean continuation(byte[] bytes, int at) {
    return at < bytes.length && (bytes[at] & 0xC0) == 0x80;
  }
}
