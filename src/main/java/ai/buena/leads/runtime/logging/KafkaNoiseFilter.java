package ai.buena.leads.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * The one turbo filter of the configuration: {@link RoutineKafkaWarningFilter}, {@link
 * KafkaAuthenticationNoiseFilter} and {@link TransactionRetryFilter} behind a level check.
 * Logback asks the turbo filters on every {@code isTraceEnabled()}-style check, and Kafka's
 * clients and Streams make several such checks per record; with more than one turbo filter,
 * logback also copies its filter list on each. All three act on WARN and ERROR only, so below
 * WARN this answers at once.
 */
public final class KafkaNoiseFilter extends TurboFilter {
  private final List<TurboFilter> filters =
      List.of(
          new RoutineKafkaWarningFilter(),
          new KafkaAuthenticationNoiseFilter(),
          new TransactionRetryFilter());

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || level.levelInt < Level.WARN_INT) {
      return FilterReply.NEUTRAL;
    }
    for (TurboFilter filter : filters) {
      FilterReply reply = filter.decide(marker, logger, level, format, params, t);
      if (reply != FilterReply.NEUTRAL) {
        return reply;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
