package ai.buena.leads.write;

/** Kafka did not acknowledge an event in time, or refused it: it may or may not be in the log. */
public final class AppendUncertainException extends RuntimeException {
  public AppendUncertainException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
