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
    ApiServer.json(ctx, HttpStatus.OK, ApiServer.object().put("status", "live"));
  }

  void ready(Context ctx) {
    Readiness.Status status = readiness.status();
    ApiServer.json(
        ctx,
        status.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE,
        ApiServer.object()
            .put("status", status.ready() ? "ready" : "not ready")
            .put("reason", status.reason()));
  }
}
