package ai.buena.leads.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HTTP/1.x request as sent on the wire: any method, target and header bytes, {@code Host:
 * localhost} unless headers are given without it, always {@code Connection: close}.
 */
record RawRequest(
    String method,
    String target,
    String version,
    List<Map.Entry<String, String>> headers,
    byte[] body) {

  static RawRequest get(String target, List<Map.Entry<String, String>> headers) {
    return new RawRequest("GET", target, "HTTP/1.1", withHost(headers), new byte[0]);
  }

  static List<Map.Entry<String, String>> withHost(List<Map.Entry<String, String>> headers) {
    List<Map.Entry<String, String>> all = new ArrayList<>();
    all.add(Map.entry("Host", "localhost"));
    all.addAll(headers);
    return all;
  }

  RawRequest withMethod(String newMethod) {
    return new RawRequest(newMethod, target, version, headers, body);
  }

  RawRequest withVersion(String newVersion) {
    return new RawRequest(method, target, newVersion, headers, body);
  }

  RawRequest withBody(byte[] newBody) {
    return new RawRequest(method, target, version, headers, newBody);
  }

  byte[] bytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        (method + " " + target + " " + version + "\r\n").getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, String> header : headers) {
      out.writeBytes(
          (header.getKey() + ": " + header.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    if (body.length > 0) {
      out.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Readable in a failure report: long parts cut down, control characters escaped. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    text.append(method).append(' ').append(shorten(target)).append(' ').append(version);
    for (Map.Entry<String, String> header : headers) {
      text.append("\n  ")
          .append(shorten(header.getKey()))
          .append(": ")
          .append(shorten(header.getValue()));
    }
    if (body.length > 0) {
      text.append("\n  <body of ").append(body.length).append(" bytes>");
    }
    return text.toString();
  }

  private static String shorten(String text) {
    StringBuilder escapedText = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                escapedText.append(String.format("\\x%02x", c));
              } else {
                escapedText.appendCodePoint(c);
              }
            });
    String escaped = escapedText.toString();
    return escaped.length() <= 200
        ? escaped
        : escaped.substring(0, 120)
            + "…("
            + escaped.length()
            + " chars)…"
            + escaped.substring(escaped.length() - 40);
  }
}
