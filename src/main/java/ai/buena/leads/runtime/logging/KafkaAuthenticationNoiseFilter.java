package ai.buena.leads.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Marker;

/**
 * Drops the lines Kafka's clients log when the cluster refuses their credentials, or refuses a
 * producer's principal an operation (a missing ACL): the commands say so themselves, in one line
 * (and a stream thread or a write that fails on it is logged by the service), so the operator sees
 * one clear line instead of a stack trace and its echoes. Also the stack trace Kafka's producer
 * logs when it closes after such a refusal ("Transactional method invoked on a non-transactional
 * producer", an echo of the refusal: its I/O thread tries to abort a transaction an idempotent
 * producer never had).
 */
public final class KafkaAuthenticationNoiseFilter extends TurboFilter {
  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (format == null || !logger.getName().startsWith("org.apache.kafka.clients")) {
      return FilterReply.NEUTRAL;
    }
    boolean refused =
        (level == Level.ERROR && format.contains("failed authentication due to"))
            || (level == Level.WARN
                && format.contains("Fatal error during metadata update")
                && thrown(params, t) instanceof AuthenticationException)
            || (level == Level.WARN && format.contains("Bootstrap broker") && format.contains("disconnected"))
            || (level == Level.ERROR
                && logger.getName().startsWith("org.apache.kafka.clients.producer")
                && (thrown(params, t) instanceof AuthorizationException
                    || (format.contains("while aborting transaction when during closing")
                        && thrown(params, t) instanceof IllegalStateException closing
                        && String.valueOf(closing.getMessage()).contains("non-transactional producer"))));
    return refused ? FilterReply.DENY : FilterReply.NEUTRAL;
  }

  /** SLF4J passes a trailing throwable among the parameters when the format has no slot for it. */
  private static Throwable thrown(Object[] params, Throwable t) {
    if (t != null) {
      return t;
    }
    if (params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last) {
      return last;
    }
    return null;
  }
}
