package ai.buena.leads.http;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Requests Jetty rejects before Javalin sees them (a path with {@code %00} or a malformed escape, a
 * URI or headers too long, an unparseable request line) answer in the API's error shape too, with
 * Jetty's status: 400 {@code BAD_REQUEST}, 414 {@code URI_TOO_LONG}, 431 {@code
 * REQUEST_HEADER_FIELDS_TOO_LARGE}: the code is the status's reason phrase; what Jetty found is not
 * echoed. Every method gets that body, except HEAD, which gets none. (A request Jetty rejects while
 * parsing its request line shows as method {@code BAD} and gets the body: it may have been a HEAD,
 * but Jetty closes the connection after such an answer, so no later answer is misread.)
 */
final class JettyErrors extends ErrorHandler {
  private final Clock clock;

  JettyErrors(Clock clock) {
    this.clock = clock;
  }

  /** Jetty writes an error body only for GET and POST; a PUT with a malformed path gets one too. */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int status,
      String message,
      Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonBody.CONTENT_TYPE);
    PlainHttpOnly.closeAfterAConnect(request, response);
    if (HttpMethod.HEAD.is(request.getMethod())) {
      // A request rejected while its headers were parsed: Jetty would write the body even so.
      response.write(true, null, callback);
      return;
    }
    response.write(true, ByteBuffer.wrap(body(status)), callback);
  }

  private byte[] body(int status) {
    String code;
    String message;
    if (status == HttpStatus.INTERNAL_SERVER_ERROR_500) {
      code = "INTERNAL_ERROR";
      message = "Internal server error";
    } else {
      message = HttpStatus.getMessage(status);
      code = message.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }
    return JsonBody.bytes(ErrorBody.of(code, message, clock.instant(), Map.of()));
  }
}
