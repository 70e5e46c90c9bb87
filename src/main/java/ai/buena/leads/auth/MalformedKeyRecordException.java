package ai.buena.leads.auth;

/** A value on {@code lead-api-keys} that is not a key record. */
public final class MalformedKeyRecordException extends IllegalArgumentException {
  public MalformedKeyRecordException(String message) {
    super("malformed key record: " + message);
  }
}
