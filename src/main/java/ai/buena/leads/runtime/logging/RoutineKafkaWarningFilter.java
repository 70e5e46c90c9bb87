package ai.buena.leads.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Drops the warnings the in-process broker logs on every healthy start and stop, so that a warning
 * on the console always means something.
 */
public final class RoutineKafkaWarningFilter extends TurboFilter {
  private static final List<String> ROUTINE_WARNINGS =
      List.of(
          "Performing controller activation",
          "Attempting to close NetworkClient that has already been closed");

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level != Level.WARN || format == null || !logger.getName().startsWith("org.apache.kafka")) {
      return FilterReply.NEUTRAL;
    }
    return ROUTINE_WARNINGS.stream().anyMatch(format::contains)
        ? FilterReply.DENY
        : FilterReply.NEUTRAL;
  }
}
