package ai.buena.leads.http;

import ai.buena.leads.auth.ApiKeyRecord;
import io.javalin.http.Context;
import java.util.TreeSet;

/** {@code GET /api/v2/health}: shows a valid key its workspace and what it may do. */
final class KeyHealthRoute {

  void show(Context ctx) {
    ApiKeyRecord key = Authenticator.key(ctx);
    JsonBody.success(
        ctx,
        g -> {
          g.writeStringField("status", "ok");
          g.writeStringField("workspaceId", key.workspaceId());
          g.writeArrayFieldStart("permissions");
          for (String permission : new TreeSet<>(key.permissions())) {
            g.writeString(permission);
          }
          g.writeEndArray();
        });
  }
}
