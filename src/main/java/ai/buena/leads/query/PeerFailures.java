package ai.buena.leads.query;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Another instance that answered a call with something else than its answer or an unavailability
 * (an error status, a body this instance cannot read: another version, another cluster secret):
 * its request is answered 503, and a WARN line says why, at most once per {@link #EVERY_NANOS}
 * (with how many since the last), so that a misconfiguration does not pass for an outage.
 */
final class PeerFailures {
  static final long EVERY_NANOS = 10_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(PeerFailures.class);

  private long unreported;
  private long lastReportNanos;
  private boolean reported;

  synchronized void failed(HostAddress host, Throwable failure) {
    unreported++;
    long now = System.nanoTime();
    if (!reported || now - lastReportNanos >= EVERY_NANOS) {
      LOG.warn(
          "{} call(s) to other instances failed since the last such line, answered 503; the latest"
              + " to {}: {}",
          unreported,
          host,
          failure.toString());
      unreported = 0;
      lastReportNanos = now;
      reported = true;
    }
  }
}
