package ai.buena.leads.runtime.topics;

/** Kafka could not be asked about, or could not create, the declared topics. */
public final class TopicProvisioningException extends RuntimeException {
  public TopicProvisioningException(String message, Throwable cause) {
    super(message, cause);
  }
}
