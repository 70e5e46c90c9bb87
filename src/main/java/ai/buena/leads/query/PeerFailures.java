package ai.buena.leads.query;

import ai.buena.leads.logging.ThrottledLog;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Another instance that answered a call with something else than its answer or an unavailability
 * (an error status, a body this instance cannot read: another version, another cluster secret):
 * its request is answered 503, and a WARN line says why, at most once per {@link #EVERY}
 * (with how many since the last), so that a misconfiguration does not pass for an outage.
 */
final class PeerFailures {
  static final Duration EVERY = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(PeerFailures.class);

  private final ThrottledLog log = new ThrottledLog(EVERY);

  void failed(HostAddress host, Throwable failure) {
    log.occurred(
        (count, first) ->
            LOG.warn(
                "{} call(s) to other instances failed since the last such line, answered 503; the"
                    + " latest to {}: {}",
                count,
                host,
                failure.toString()));
  }
}
