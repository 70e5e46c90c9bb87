package ai.buena.leads.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /openapi.json}: the resource {@code openapi.json}, served as written. */
final class OpenApiRoute {
  static final String RESOURCE = "/openapi.json";

  private final byte[] document;

  OpenApiRoute() {
    try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource missing: " + RESOURCE);
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void serve(Context ctx) {
    JsonBody.varyByEncoding(ctx);
    ctx.contentType(JsonBody.CONTENT_TYPE).result(document);
  }
}
