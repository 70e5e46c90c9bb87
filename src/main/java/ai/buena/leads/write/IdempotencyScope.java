package ai.buena.leads.write;

/**
 * What an {@code Idempotency-Key} identifies: one write (method and path) of one workspace. The
 * event id (and a create's lead id) is derived from all four, so a retry produces the same event.
 */
public record IdempotencyScope(String workspaceId, String key, String method, String path) {
  public static final int MAX_KEY_LENGTH = 100;

  /** 1 to 100 printable ASCII characters (space to tilde). */
  public static boolean isValidKey(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      return false;
    }
    return key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
  }
}
