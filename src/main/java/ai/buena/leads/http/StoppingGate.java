package ai.buena.leads.http;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.Graceful;

/**
 * Lets a stopping server finish the requests under way and answer those that still arrive on
 * connections kept alive from before: Jetty's stop closes the listening socket first, then waits
 * (up to its stop timeout) until every request under way here is answered and every connection is
 * closed. The instance can still answer completely until then (Kafka Streams closes after the
 * server), so such a request is answered, with {@code Connection: close}: its caller's next request
 * opens a new connection, which is refused, and goes to another instance. Only a request that
 * reaches this gate once it stopped gets 503 {@code INSTANCE_STOPPING}, {@code Retry-After: 1}.
 */
final class StoppingGate extends Handler.Wrapper implements Graceful {
  static final String CODE = "INSTANCE_STOPPING";
  private static final long RETRY_AFTER_SECONDS = 1;

  private final Clock clock;
  private final LongAdder underWay = new LongAdder();
  private final Shutdown shutdown =
      new Shutdown(this) {
        @Override
        public boolean isShutdownDone() {
          return underWay.sum() == 0;
        }
      };

  StoppingGate(Clock clock) {
    this.clock = clock;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (!isStarted() || getHandler() == null) {
      reject(response, callback);
      return true;
    }
    // counted before the stop is checked: a stop that starts now waits for this request
    underWay.increment();
    if (isShutdown()) {
      response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    }
    Callback counted = new Counted(callback);
    boolean handled;
    try {
      handled = super.handle(request, response, counted);
    } catch (Throwable t) {
      finished();
      throw t;
    }
    if (!handled) {
      finished();
    }
    return handled;
  }

  @Override
  public CompletableFuture<Void> shutdown() {
    return shutdown.shutdown();
  }

  @Override
  public boolean isShutdown() {
    return shutdown.isShutdown();
  }

  private void finished() {
    underWay.decrement();
    if (isShutdown()) {
      shutdown.check();
    }
  }

  /** Counts the request as answered once its response is done, either way. */
  private final class Counted extends Callback.Nested {
    Counted(Callback callback) {
      super(callback);
    }

    @Override
    public void succeeded() {
      try {
        super.succeeded();
      } finally {
        finished();
      }
    }

    @Override
    public void failed(Throwable x) {
      try {
        super.failed(x);
      } finally {
        finished();
      }
    }
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
