package ai.buena.leads.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** {@code /health/live} and {@code /health/ready}: no API key, for orchestrators. */
final class HealthRoutes {
  private final Readiness readiness;

  HealthRoutes(Readiness readiness) {
    this.readiness = readiness;
  }

  /** 200 while the process can still serve; 503 once it is permanently down, so it is restarted. */
  void live(Context ctx) {
    Readiness.Status status = readiness.status();
    JsonBody.send(
        ctx,
        status.live() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE,
        g -> {
          g.writeStartObject();
          g.writeStringField("status", status.live() ? "live" : "down");
          if (!status.live()) {
            g.writeStringField("reason", status.reason());
          }
          g.writeEndObject();
        });
  }

  void ready(Context ctx) {
    Readiness.Status status = readiness.status();
    JsonBody.send(
        ctx,
        status.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE,
        g -> {
          g.writeStartObject();
          g.writeStringField("status", status.ready() ? "ready" : "not ready");
          g.writeStringField("reason", status.reason());
          g.writeEndObject();
        });
  }
}
