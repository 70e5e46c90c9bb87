package ai.buena.leads.write;

/**
 * A write's outcome is unknown: Kafka did not acknowledge its event in time, or refused it (it may
 * or may not be in the log), or Kafka acknowledged a keyed write's event but the projection did not
 * confirm in time which request its event id was applied from ({@link #acknowledged()}).
 */
public final class AppendUncertainException extends RuntimeException {
  private final boolean acknowledged;

  public AppendUncertainException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private AppendUncertainException(String message, Throwable cause, boolean acknowledged) {
    super(message, cause, false, false);
    this.acknowledged = acknowledged;
  }

  /** Kafka acknowledged the event; the projection did not confirm it in time. */
  static AppendUncertainException unconfirmed(String message, Throwable cause) {
    return new AppendUncertainException(message, cause, true);
  }

  public boolean acknowledged() {
    return acknowledged;
  }
}
