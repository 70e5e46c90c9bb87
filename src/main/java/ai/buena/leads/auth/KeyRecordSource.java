package ai.buena.leads.auth;

/** Key records by key hash, from somewhere other than Kafka Streams' global store. */
public interface KeyRecordSource extends AutoCloseable {
  /**
   * The record of {@code keyHash} as {@code lead-api-keys} holds it, null when there is none.
   *
   * @throws ai.buena.leads.query.UnavailableException when it cannot tell
   */
  byte[] read(String keyHash);

  @Override
  void close();
}
