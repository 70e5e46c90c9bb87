package ai.buena.leads.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.http.HttpResponse;

/**
 * {@code X-Lead-Instance-Starting: true} on every answer of the internal routes (a 503 included)
 * while this instance has not been ready once since its start: its copies may still be restoring
 * and its JVM is cold, so the other instances ask it after the others until it has started.
 */
final class StartingHeader implements Handler {
  static final String NAME = "X-Lead-Instance-Starting";

  private final Readiness readiness;
  private volatile boolean started;

  StartingHeader(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public void handle(Context ctx) {
    if (!started()) {
      ctx.header(NAME, "true");
    }
  }

  private boolean started() {
    if (!started && readiness.status().ready()) {
      started = true;
    }
    return started;
  }

  /** Whether an answer of another instance says it is starting. */
  static boolean says(HttpResponse<?> response) {
    return response.headers().firstValue(NAME).filter("true"::equals).isPresent();
  }
}
