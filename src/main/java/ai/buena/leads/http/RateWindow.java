package ai.buena.leads.http;

/** A fixed rate-limit window, aligned to the UTC clock: each minute, hour or day starts at :00. */
public enum RateWindow {
  MINUTE(60, "minute"),
  HOUR(3_600, "hour"),
  DAY(86_400, "day");

  private final long seconds;
  private final String wire;

  RateWindow(long seconds, String wire) {
    this.seconds = seconds;
    this.wire = wire;
  }

  public long seconds() {
    return seconds;
  }

  /** As {@code X-RateLimit-Window} and {@code rateLimitInfo.window} spell it. */
  public String wire() {
    return wire;
  }

  /** The number of the window holding this Unix second (windows since the epoch). */
  long index(long epochSecond) {
    return Math.floorDiv(epochSecond, seconds);
  }

  /** The Unix second at which the window of this number ends and the next begins. */
  long end(long index) {
    return (index + 1) * seconds;
  }
}
