package ai.buena.leads.http;

import io.javalin.security.RouteRole;

/** What a key must hold to use a route; every {@code /api/v2} route needs a valid key at least. */
enum Access implements RouteRole {
  ANY_KEY(null, null),
  /** Calls between instances: the cluster credential instead of an API key. */
  CLUSTER(null, null),
  LEADS_READ("leads:read", "Insufficient permissions for reading leads"),
  LEADS_WRITE("leads:write", "Insufficient permissions for writing leads");

  private final String permission;
  private final String deniedMessage;

  Access(String permission, String deniedMessage) {
    this.permission = permission;
    this.deniedMessage = deniedMessage;
  }

  String permission() {
    return permission;
  }

  String deniedMessage() {
    return deniedMessage;
  }
}
