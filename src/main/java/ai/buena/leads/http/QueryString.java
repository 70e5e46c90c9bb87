package ai.buena.leads.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes a raw query string ({@code application/x-www-form-urlencoded}) into every name with all
 * its values in order, keeping what Javalin's {@code queryParamMap()} loses: an empty value ({@code
 * ?status=} and {@code ?status} give {@code [""]}, not {@code []}) and malformed encoding (empty,
 * for {@code queryParamMap()}; here, no answer at all).
 *
 * <p>{@code +} and {@code %20} both decode to a space. Pairs are split on {@code &}; empty pairs
 * are skipped; a pair without {@code =} has the empty value. Percent-escapes must be two hex digits
 * and the decoded bytes valid UTF-8; so must the bytes sent unencoded.
 */
final class QueryString {
  /**
   * What Jetty puts in the query string for unencoded bytes that are not UTF-8: such a value is
   * malformed (a replacement character is sent encoded, {@code %EF%BF%BD}).
   */
  private static final char REPLACEMENT = '\uFFFD';

  private QueryString() {}

  /** Empty when some name or value is not valid percent-encoded UTF-8. */
  static Optional<Map<String, List<String>>> decode(String raw) {
    return pairs(raw, false);
  }

  /**
   * Every name with its values, a value that is not valid percent-encoded UTF-8 as {@code null}
   * (for the caller to name as invalid, or to ignore in a parameter it does not know); a pair whose
   * name is not valid is skipped: no parameter has such a name.
   */
  static Map<String, List<String>> decodeKeepingMalformed(String raw) {
    return pairs(raw, true).orElseThrow();
  }

  private static Optional<Map<String, List<String>>> pairs(String raw, boolean keepMalformed) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return Optional.of(params);
    }
    for (String pair : raw.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      Optional<String> name = component(equals < 0 ? pair : pair.substring(0, equals));
      Optional<String> value = component(equals < 0 ? "" : pair.substring(equals + 1));
      if (name.isEmpty() || value.isEmpty()) {
        if (!keepMalformed) {
          return Optional.empty();
        }
        if (name.isEmpty()) {
          continue;
        }
      }
      params.computeIfAbsent(name.get(), n -> new ArrayList<>()).add(value.orElse(null));
    }
    return Optional.of(params);
  }

  private static Optional<String> component(String encoded) {
    if (encoded.indexOf(REPLACEMENT) >= 0) {
      // bytes sent unencoded that were not UTF-8, replaced by the server's decoding of the target
      return Optional.empty();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
    int literalStart = 0;
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c != '+' && c != '%') {
        continue;
      }
      bytes.writeBytes(encoded.substring(literalStart, i).getBytes(StandardCharsets.UTF_8));
      if (c == '+') {
        bytes.write(' ');
      } else {
        int escaped = escapedByte(encoded, i);
        if (escaped < 0) {
          return Optional.empty();
        }
        bytes.write(escaped);
        i += 2;
      }
      literalStart = i + 1;
    }
    bytes.writeBytes(encoded.substring(literalStart).getBytes(StandardCharsets.UTF_8));
    return utf8(bytes.toByteArray());
  }

  /** The byte escaped at {@code percent}; -1 unless two ASCII hex digits follow the {@code %}. */
  private static int escapedByte(String encoded, int percent) {
    if (percent + 2 >= encoded.length()) {
      return -1;
    }
    int high = hexDigit(encoded.charAt(percent + 1));
    int low = hexDigit(encoded.charAt(percent + 2));
    return high < 0 || low < 0 ? -1 : high << 4 | low;
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException notUtf8) {
      return Optional.empty();
    }
  }
}
