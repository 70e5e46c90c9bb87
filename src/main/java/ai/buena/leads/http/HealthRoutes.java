package ai.buena.leads.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** {@code /health/live} and {@code /health/ready}: no API key, for orchestrators. */
final class HealthRoutes {
  private final Readiness readiness;

  HealthRoutes(Readiness readiness) {
    this.readiness = readiness;
  }

  void live(Context ctx) {
    JsonBody.send(
        ctx,
        HttpStatus.OK,
        g -> {
          g.writeStartObject();
          g.writeStringField("status", "live");
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
