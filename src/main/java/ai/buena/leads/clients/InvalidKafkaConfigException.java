package ai.buena.leads.clients;

/** The {@code --kafka-config} file cannot be used; the message names the file, never its values. */
public final class InvalidKafkaConfigException extends RuntimeException {
  public InvalidKafkaConfigException(String message) {
    super(message);
  }
}
