package ai.buena.leads.http;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Lets a stopping server finish the requests under way, and answers a request that arrives once it
 * stopped taking them (on a connection kept alive from before) with 503 {@code INSTANCE_STOPPING},
 * {@code Retry-After: 1} and {@code Connection: close}: the caller (a client, or another instance
 * fanning out) can tell that this instance, not the data, is unavailable, and ask another one.
 */
final class StoppingGate extends GracefulHandler {
  static final String CODE = "INSTANCE_STOPPING";
  private static final long RETRY_AFTER_SECONDS = 1;

  private final Clock clock;

  StoppingGate(Clock clock) {
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!isShutdown()) {
      return super.handle(request, response, callback);
    }
    reject(response, callback);
    return true;
  }

  private void reject(Response response, Callback callback) {
    response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JsonBody.CONTENT_TYPE);
    response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS));
    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    byte[] body =
        JsonBody.bytes(
            ErrorBody.of(
                CODE,
                "This instance is stopping; retry, another instance answers",
                clock.instant(),
                Map.of("retryAfter", RETRY_AFTER_SECONDS)));
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
