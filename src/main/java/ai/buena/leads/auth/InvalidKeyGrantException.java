package ai.buena.leads.auth;

/** A key was requested for a malformed workspace, unknown permissions or an unusable name. */
public final class InvalidKeyGrantException extends IllegalArgumentException {
  public InvalidKeyGrantException(String message) {
    super(message);
  }
}
