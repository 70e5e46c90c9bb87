package ai.buena.leads.http;

import ai.buena.leads.logging.ThrottledLog;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls to the internal routes refused for a wrong or missing cluster secret: someone who is no
 * instance of the cluster reaches the port, or an instance runs with another secret. Each is
 * counted; a WARN line says so at most once per {@link #EVERY}, with how many since the last line
 * and where the latest came from (never what was presented).
 */
final class RefusedClusterCalls {
  static final Duration EVERY = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(RefusedClusterCalls.class);

  private final ThrottledLog log;

  RefusedClusterCalls() {
    this(System::nanoTime);
  }

  RefusedClusterCalls(LongSupplier nanoTime) {
    this.log = new ThrottledLog(EVERY, nanoTime);
  }

  void refused(String remoteAddress, String path) {
    log.occurred(
        (count, first) ->
            LOG.warn(
                "refused {} call(s) to internal routes with a wrong or missing cluster secret {};"
                    + " the latest from {} to {}",
                count,
                first ? "since start" : "in the last minute",
                remoteAddress,
                path));
  }
}
