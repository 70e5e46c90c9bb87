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
 * Beyond the grace the verdict holds for at most {@link #HEARTBEAT_EXTENSION} more while the
 * group coordinator keeps answering this instance's heartbeats (within half the session timeout):
 * then the group has not moved its partitions, and what keeps the lags from being measured (a
 * changelog's leader stalled, brokers below their in-sync minimum) most often keeps every instance
 * from measuring them, so leaving the load balancer would only take answers away from every
 * client. The bound is for the other case, an instance cut off from one broker alone: it falls
 * behind on that broker's partitions, and on API-key changes if that broker leads their topic.
 */
final class StoreLagVerdict {
  static final Duration UNKNOWN_GRACE = Duration.ofSeconds(15);
  static final Duration HEARTBEAT_EXTENSION = Duration.ofSeconds(60);
  private static final long NEVER = Long.MIN_VALUE;

  private final long readyMaxLag;
  private final long heartbeatBoundMillis;
  private long caughtUpAtMillis = NEVER;

  /**
   * @param sessionTimeout the group's session timeout: a heartbeat answered within half of it
   *     keeps a caught-up verdict while lags cannot be measured
   */
  StoreLagVerdict(long readyMaxLag, Duration sessionTimeout) {
    this.readyMaxLag = readyMaxLag;
    this.heartbeatBoundMillis = Math.min(UNKNOWN_GRACE.toMillis(), sessionTimeout.toMillis() / 2);
  }

  synchronized Readiness.Status whileRunning(OptionalLong worstLag, long measuredAtMillis, long nowMillis) {
    return whileRunning(worstLag, measuredAtMillis, nowMillis, OptionalLong.empty());
  }

  /**
   * @param worstLag the worst lag of the local stores; empty when it could not be measured
   * @param measuredAtMillis when that measurement was taken
   * @param heartbeatsAnsweredAfter a time after which the group coordinator answered every stream
   *     thread's heartbeat ({@link GroupHeartbeats}); empty when not known
   */
  synchronized Readiness.Status whileRunning(
      OptionalLong worstLag, long measuredAtMillis, long nowMillis, OptionalLong heartbeatsAnsweredAfter) {
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
    if (caughtUpAtMillis != NEVER
        && nowMillis - caughtUpAtMillis < UNKNOWN_GRACE.plus(HEARTBEAT_EXTENSION).toMillis()
        && heartbeatsAnsweredAfter.isPresent()
        && nowMillis - heartbeatsAnsweredAfter.getAsLong() < heartbeatBoundMillis) {
      return new Readiness.Status(
          true,
          "ready; store lags unavailable for "
              + (nowMillis - caughtUpAtMillis) / 1000
              + " s, caught up when last measured, and the group coordinator answers this"
              + " instance's heartbeats");
    }
    return Readiness.Status.notReady("store lags unavailable");
  }

  /** The projection is not running (rebalancing, starting, stopped): what was measured is void. */
  synchronized void notRunning() {
    caughtUpAtMillis = NEVER;
  }
}
