package ai.buena.leads.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** The HTTP server: every route in one place. */
public final class ApiServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Javalin app;

  private ApiServer(Javalin app) {
    this.app = app;
  }

  public static ApiServer start(int port, Readiness readiness) {
    HealthRoutes health = new HealthRoutes(readiness);
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.jetty.port = port;
              cfg.startup.showJavalinBanner = false;
              cfg.routes.get("/health/live", health::live);
              cfg.routes.get("/health/ready", health::ready);
            });
    app.start();
    return new ApiServer(app);
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  static void json(Context ctx, HttpStatus status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }
}
