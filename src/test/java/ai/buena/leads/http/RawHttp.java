package ai.buena.leads.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * HTTP/1.x over a plain socket, byte for byte, for requests a client library would refuse to send:
 * one request, then the whole answer until the server closes the connection; or one answer of a
 * connection that stays open.
 */
final class RawHttp {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private RawHttp() {}

  /** The server's answer, or empty when it closed the connection without one. */
  static Optional<ApiResponse> exchange(int port, byte[] request) {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      try {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
      } catch (SocketException answeredBeforeTheEnd) {
        // The server may answer and close before reading all of it: read what it said.
      }
      byte[] raw = readUntilClosed(socket.getInputStream());
      return raw.length == 0 ? Optional.empty() : Optional.of(parse(raw));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One answer of a connection that stays open: its head, then as many bytes as its {@code
   * Content-Length} says; returns the head.
   */
  static String readOneAnswer(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int next = in.read();
      if (next < 0) {
        throw new IOException("closed within an answer's head: " + head);
      }
      head.write(next);
    }
    String text = head.toString(StandardCharsets.US_ASCII);
    int length =
        text.lines()
            .filter(line -> line.regionMatches(true, 0, "Content-Length:", 0, 15))
            .map(line -> Integer.parseInt(line.substring(15).trim()))
            .findFirst()
            .orElseThrow(() -> new IOException("no Content-Length: " + text));
    in.readNBytes(length);
    return text;
  }

  static byte[] readUntilClosed(InputStream in) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        raw.write(buffer, 0, n);
      }
    } catch (SocketException reset) {
      // A reset after the answer: keep what arrived.
    }
    return raw.toByteArray();
  }

  static ApiResponse parse(byte[] raw) {
    int headerEnd = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    if (headerEnd < 0) {
      throw new IllegalStateException(
          "not an HTTP answer: " + new String(raw, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(raw, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    byte[] body = Arrays.copyOfRange(raw, headerEnd + 4, raw.length);
    List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
    if (encoding.stream().anyMatch(value -> value.equalsIgnoreCase("chunked"))) {
      body = dechunk(body);
    }
    List<String> contentEncoding = headers.getOrDefault("content-encoding", List.of());
    if (contentEncoding.stream().anyMatch(value -> value.equalsIgnoreCase("gzip"))) {
      body = gunzip(body);
    }
    return new ApiResponse(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd =
          indexOf(Arrays.copyOfRange(chunked, at, chunked.length), new byte[] {'\r', '\n'});
      String sizeLine = new String(chunked, at, lineEnd, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      at += lineEnd + 2;
      if (size == 0) {
        return body.toByteArray();
      }
      body.write(chunked, at, size);
      at += size + 2;
    }
  }

  private static byte[] gunzip(byte[] compressed) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
