package ai.buena.leads.http;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The service speaks plain HTTP/1.x and switches to no other protocol:
 *
 * <ul>
 *   <li>an {@code Upgrade} (WebSocket, h2c) is ignored, as RFC 9110 §7.8 allows: the request is
 *       answered as if it had not asked. Javalin would otherwise take it for a WebSocket handshake,
 *       answer 404 whatever the route, and keep an HTTP session in memory for each one (about 730
 *       bytes of heap each, with a key or without);
 *   <li>a {@code CONNECT} is answered like any request of its target, and its connection closed:
 *       Jetty keeps a CONNECT's connection open whatever the request's {@code Connection} header
 *       says, so a client reading to the end of the answer would wait for the idle timeout.
 * </ul>
 */
final class PlainHttpOnly extends Handler.Wrapper {
  private static final String WEBSOCKET_HEADERS = "sec-websocket-";

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    closeAfterAConnect(request, response);
    return super.handle(withoutUpgrade(request), response, callback);
  }

  static void closeAfterAConnect(Request request, Response response) {
    if (HttpMethod.CONNECT.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    }
  }

  private static Request withoutUpgrade(Request request) {
    HttpFields headers = request.getHeaders();
    if (!headers.contains(HttpHeader.UPGRADE) && !hasWebSocketHeader(headers)) {
      return request;
    }
    HttpFields.Mutable plain = HttpFields.build();
    for (HttpField field : headers) {
      HttpHeader header = field.getHeader();
      if (header == HttpHeader.UPGRADE
          || header == HttpHeader.HTTP2_SETTINGS
          || isWebSocketHeader(field)) {
        continue;
      }
      if (header == HttpHeader.CONNECTION) {
        String options = withoutUpgradeOptions(field.getValue());
        if (!options.isEmpty()) {
          plain.add(HttpHeader.CONNECTION, options);
        }
        continue;
      }
      plain.add(field);
    }
    HttpFields answered = plain.asImmutable();
    return new Request.Wrapper(request) {
      @Override
      public HttpFields getHeaders() {
        return answered;
      }
    };
  }

  private static boolean hasWebSocketHeader(HttpFields headers) {
    for (HttpField field : headers) {
      if (isWebSocketHeader(field)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWebSocketHeader(HttpField field) {
    String name = field.getName();
    return name.regionMatches(true, 0, WEBSOCKET_HEADERS, 0, WEBSOCKET_HEADERS.length());
  }

  /** The {@code Connection} options but those naming the upgrade's headers. */
  private static String withoutUpgradeOptions(String value) {
    return Arrays.stream(value == null ? new String[0] : value.split(","))
        .map(String::strip)
        .filter(option -> !option.isEmpty())
        .filter(
            option -> {
              String name = option.toLowerCase(Locale.ROOT);
              return !name.equals("upgrade") && !name.equals("http2-settings");
            })
        .collect(Collectors.joining(", "));
  }
}
