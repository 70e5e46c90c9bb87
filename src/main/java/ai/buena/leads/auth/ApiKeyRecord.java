package ai.buena.leads.auth;

import java.time.Instant;
import java.util.SortedSet;

/**
 * What the service knows of one API key: never the key itself, only its SHA-256 hash (hex), the
 * workspace it belongs to, its permissions and whether it was revoked.
 */
public record ApiKeyRecord(
    String keyHash,
    String id,
    String workspaceId,
    SortedSet<String> permissions,
    String name,
    Instant createdAt,
    boolean revoked) {

  /** {@code *} grants every permission. */
  public boolean grants(String permission) {
    return permissions.contains("*") || permissions.contains(permission);
  }
}
