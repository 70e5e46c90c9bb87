package ai.buena.leads.http;

import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls to the internal routes refused for a wrong or missing cluster secret: someone who is no
 * instance of the cluster reaches the port, or an instance runs with another secret. Each is
 * counted; a WARN line says so at most once per {@link #EVERY_NANOS}, with how many since the
 * last line and where the latest came from (never what was presented).
 */
final class RefusedClusterCalls {
  static final long EVERY_NANOS = 60_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(RefusedClusterCalls.class);

  private final LongSupplier nanoTime;
  private long unreported;
  private long lastReportNanos;
  private boolean reported;

  RefusedClusterCalls() {
    this(System::nanoTime);
  }

  RefusedClusterCalls(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  synchronized void refused(String remoteAddress, String path) {
    unreported++;
    long now = nanoTime.getAsLong();
    if (!reported || now - lastReportNanos >= EVERY_NANOS) {
      LOG.warn(
          "refused {} call(s) to internal routes with a wrong or missing cluster secret {}; the"
              + " latest from {} to {}",
          unreported,
          reported ? "in the last minute" : "since start",
          remoteAddress,
          path);
      unreported = 0;
      lastReportNanos = now;
      reported = true;
    }
  }
}
