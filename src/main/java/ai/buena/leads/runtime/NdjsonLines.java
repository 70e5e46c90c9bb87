package ai.buena.leads.runtime;

import ai.buena.leads.events.EventError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Newline-delimited JSON read as bytes, line by line: each line's bytes are kept as they are (the
 * event sent is what the producer wrote), without its {@code \r\n} or {@code \n}, and without a
 * UTF-8 byte order mark before the first line (RFC 8259 forbids one in JSON text). A line that is
 * not UTF-8, or longer than {@code maxBytes}, comes with the reason instead of its bytes, and
 * reading goes on at the next line; a line is never held beyond {@code maxBytes + 1}.
 */
final class NdjsonLines {
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final InputStream in;
  private final int maxBytes;
  private final CharsetDecoder utf8 =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private long number;
  private boolean ended;

  /**
   * A line: its 1-based number, and its bytes, or (null bytes) why it cannot be an event (an
   * {@link EventError} code and a message).
   */
  record Line(long number, byte[] bytes, String code, String problem) {
    boolean blank() {
      if (bytes == null) {
        return false;
      }
      for (byte b : bytes) {
        if (b != ' ' && b != '\t') {
          return false;
        }
      }
      return true;
    }
  }

  NdjsonLines(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line, or null at the end of the input. */
  Line next() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    long length = 0;
    boolean any = false;
    while (true) {
      if (position == limit && !fill()) {
        if (!any) {
          return null;
        }
        break;
      }
      any = true;
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int piece = position - start;
      if (length + piece <= maxBytes + 1L) {
        line.write(buffer, start, (int) Math.min(piece, maxBytes + 1L - length));
      }
      length += piece;
      if (position < limit) {
        position++; // the '\n'
        break;
      }
    }
    number++;
    byte[] bytes = line.toByteArray();
    if (number == 1 && startsWithBom(bytes)) {
      bytes = Arrays.copyOfRange(bytes, BOM.length, bytes.length);
      length -= BOM.length;
    }
    if (length > 0 && bytes.length > 0 && bytes[bytes.length - 1] == '\r' && length <= maxBytes + 1L) {
      bytes = Arrays.copyOf(bytes, bytes.length - 1);
      length--;
    }
    if (length > maxBytes) {
      return new Line(
          number, null, EventError.TOO_LARGE, "line is " + length + " bytes, more than " + maxBytes);
    }
    try {
      utf8.reset().decode(ByteBuffer.wrap(bytes));
    } catch (CharacterCodingException e) {
      return new Line(number, null, EventError.INVALID_JSON, "line is not UTF-8 text (JSON must be)");
    }
    return new Line(number, bytes, null, null);
  }

  private boolean fill() throws IOException {
    if (ended) {
      return false;
    }
    int read = in.read(buffer);
    if (read <= 0) {
      ended = read < 0;
      if (read == 0) {
        return fill();
      }
      return false;
    }
    position = 0;
    limit = read;
    return true;
  }

  private static boolean startsWithBom(byte[] bytes) {
    return bytes.length >= BOM.length && bytes[0] == BOM[0] && bytes[1] == BOM[1] && bytes[2] == BOM[2];
  }
}
