package ai.buena.leads.auth;

/** No key with the given id (or clear value) was ever created. */
public final class UnknownApiKeyException extends RuntimeException {
  public UnknownApiKeyException(String keyId) {
    super("no API key " + keyId);
  }
}
