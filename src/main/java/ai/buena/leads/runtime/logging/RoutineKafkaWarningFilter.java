package ai.buena.leads.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import org.slf4j.Marker;

/**
 * Drops the warnings Kafka logs on every healthy start and stop, so that a warning on the console
 * always means something: the in-process broker's routine lines, and a consumer's note that an
 * internal topic of Kafka Streams (a {@code -repartition} or {@code -changelog} topic, which
 * Streams creates during the first rebalance) does not exist yet.
 */
public final class RoutineKafkaWarningFilter extends TurboFilter {
  private static final List<String> ROUTINE_WARNINGS =
      List.of(
          "Performing controller activation",
          "Attempting to close NetworkClient that has already been closed",
          // the dev broker's transaction coordinator and a producer both create it at a first start
          "Auto topic creation failed for __transaction_state with error 'TOPIC_ALREADY_EXISTS'");
  private static final String RECOVERABLE_METADATA_ISSUE = "reported a recoverable issue";
  private static final String NOT_CREATED_YET = "=UNKNOWN_TOPIC_OR_PARTITION";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level != Level.WARN || format == null || !fromKafka(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    return ROUTINE_WARNINGS.stream().anyMatch(format::contains) || internalTopicsNotCreatedYet(format)
        ? FilterReply.DENY
        : FilterReply.NEUTRAL;
  }

  private static boolean fromKafka(String logger) {
    return logger.startsWith("org.apache.kafka") || logger.startsWith("kafka.");
  }

  /**
   * "The metadata response from the cluster reported a recoverable issue with correlation id 2 :
   * {app-status-deltas-repartition=UNKNOWN_TOPIC_OR_PARTITION}", as Kafka's clients log it
   * (formatted), where every topic named is an internal one not created yet.
   */
  private static boolean internalTopicsNotCreatedYet(String message) {
    int open = message.lastIndexOf('{');
    int close = message.lastIndexOf('}');
    if (!message.contains(RECOVERABLE_METADATA_ISSUE) || open < 0 || close < open + 2) {
      return false;
    }
    for (String entry : message.substring(open + 1, close).split(", ")) {
      boolean internal =
          entry.endsWith("-repartition" + NOT_CREATED_YET)
              || entry.endsWith("-changelog" + NOT_CREATED_YET);
      if (!internal) {
        return false;
      }
    }
    return true;
  }
}
