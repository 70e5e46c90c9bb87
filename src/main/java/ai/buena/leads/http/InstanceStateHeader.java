package ai.buena.leads.http;

import ai.buena.leads.query.InstanceState;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Optional;

/**
 * {@code X-Lead-Instance-State} on every answer of the internal routes (a 503 included): {@code
 * starting} while this instance has not been ready once since its start (its copies may still be
 * restoring and its JVM is cold), {@code stopping} at the end of its drain (it will soon stop
 * answering); absent otherwise. The other instances ask an instance in either state after the
 * others.
 */
final class InstanceStateHeader implements Handler {
  static final String NAME = "X-Lead-Instance-State";
  static final String STARTING = "starting";
  static final String STOPPING = "stopping";

  private final Readiness readiness;
  private volatile boolean started;

  InstanceStateHeader(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public void handle(Context ctx) {
    Readiness.Status status = readiness.status();
    if (status.stopping()) {
      ctx.header(NAME, STOPPING);
    } else if (!started) {
      if (status.ready()) {
        started = true;
      } else {
        ctx.header(NAME, STARTING);
      }
    }
  }

  /** What an answer of another instance says of its state, from this header's value. */
  static InstanceState of(Optional<String> header) {
    return switch (header.orElse("")) {
      case STARTING -> InstanceState.STARTING;
      case STOPPING -> InstanceState.STOPPING;
      default -> InstanceState.ANSWERING;
    };
  }
}
