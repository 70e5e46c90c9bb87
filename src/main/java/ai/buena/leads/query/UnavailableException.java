package ai.buena.leads.query;

import java.time.Duration;

/** The data needed for a complete answer cannot be read now; the caller may retry after a while. */
public class UnavailableException extends RuntimeException {
  private final Duration retryAfter;

  public UnavailableException(String reason, Duration retryAfter) {
    super(reason, null, false, false);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }

  /**
   * Whether another copy of the data (a standby, another instance) might answer where this one
   * could not; false when the cause is the asking request itself, e.g. {@link LeadMemory.Full}.
   */
  public boolean otherCopiesMayAnswer() {
    return true;
  }

  /** Unavailable for a reason no other copy of the data would change (see {@link #otherCopiesMayAnswer}). */
  public static UnavailableException noOtherCopy(String reason, Duration retryAfter) {
    return new UnavailableException(reason, retryAfter) {
      @Override
      public boolean otherCopiesMayAnswer() {
        return false;
      }
    };
  }
}
