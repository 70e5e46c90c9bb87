package ai.buena.leads.runtime;

import ai.buena.leads.http.Readiness;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Readiness from the local stores' lags while the projection runs: ready when the worst is within
 * the bound. When the lags cannot be measured (the broker does not give the changelogs' end
 * offsets), the last verdict that the stores were caught up holds for {@link #UNKNOWN_GRACE} of
 * running: a Kafka outage stops new events, not the answers the stores already give, and an
 * instance that leaves its Service then only turns answers into connection failures. The grace
 * is half the default session timeout (30 s), so an instance cut off from Kafka says it is not
 * ready before the group gives its partitions to the others; any state but RUNNING voids it.
 */
final class StoreLagVerdict {
  static final Duration UNKNOWN_GRACE = Duration.ofSeconds(15);
  private static final long NEVER = Long.MIN_VALUE;

  private final long readyMaxLag;
  private long caughtUpAtMillis = NEVER;

  StoreLagVerdict(long readyMaxLag) {
    this.readyMaxLag = readyMaxLag;
  }

  /**
   * @param worstLag the worst lag of the local stores; empty when it could not be measured
   * @param measuredAtMillis when that measurement was taken
   */
  synchronized Readiness.Status whileRunning(OptionalLong worstLag, long measuredAtMillis, long nowMillis) {
    if (worstLag.isPresent()) {
      if (worstLag.getAsLong() <= readyMaxLag) {
        caughtUpAtMillis = measuredAtMillis;
        return Readiness.Status.ok();
      }
      caughtUpAtMillis = NEVER;
      return Readiness.Status.notReady(
          "stores are restoring: " + worstLag.getAsLong() + " records behind");
    }
    if (caughtUpAtMillis != NEVER && nowMillis - caughtUpAtMillis < UNKNOWN_GRACE.toMillis()) {
      return new Readiness.Status(
          true,
          "ready; store lags unavailable for "
              + (nowMillis - caughtUpAtMillis) / 1000
              + " s, caught up when last measured");
    }
    return Readiness.Status.notReady("store lags unavailable");
  }

  /** The projection is not running (rebalancing, starting, stopped): what was measured is void. */
  synchronized void notRunning() {
    caughtUpAtMillis = NEVER;
  }
}
