package ai.buena.leads.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.slf4j.Marker;

/**
 * Replaces the lines exactly-once transactions print whenever a produce request overlaps the end
 * of the previous transaction (transactions v2): the producer's retried {@code
 * CONCURRENT_TRANSACTIONS} / {@code OUT_OF_ORDER_SEQUENCE_NUMBER} warnings and, from the embedded
 * dev broker, an {@code OutOfOrderSequenceException} ERROR per batch. The producer retries these
 * batches and nothing is lost or duplicated, so they are explained once at WARN and not repeated.
 * A produce error the producer gives up on is logged elsewhere and is not touched.
 */
public final class TransactionRetryFilter extends TurboFilter {
  static final String NOTICE =
      "Kafka transactions: a produce request overlapped the end of the previous transaction"
          + " (CONCURRENT_TRANSACTIONS / OUT_OF_ORDER_SEQUENCE_NUMBER, on the dev broker also"
          + " OutOfOrderSequenceException). The producer retries such batches; nothing is lost or"
          + " duplicated. Further lines of this kind are not shown.";
  private static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";
  private static final String RETRYING = "Got error produce response with correlation id";
  private static final String ERROR = "Error: ";

  private final AtomicBoolean noticeShown = new AtomicBoolean();

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (!isRetriedOverlap(logger.getName(), level, format, params, t)) {
      return FilterReply.NEUTRAL;
    }
    if (noticeShown.compareAndSet(false, true)) {
      // through the context of the line it replaces (the application's only one, outside tests)
      logger.getLoggerContext().getLogger(TransactionRetryFilter.class).warn(NOTICE);
    }
    return FilterReply.DENY;
  }

  private static boolean isRetriedOverlap(
      String logger, Level level, String format, Object[] params, Throwable t) {
    if (level == Level.ERROR) {
      return t instanceof OutOfOrderSequenceException && logger.endsWith(".ReplicaManager");
    }
    if (level != Level.WARN || !logger.equals(SENDER) || format == null || !format.contains(RETRYING)) {
      return false;
    }
    String error = producerError(format, params);
    return error.startsWith("CONCURRENT_TRANSACTIONS")
        || error.startsWith("OUT_OF_ORDER_SEQUENCE_NUMBER");
  }

  /** Kafka's LogContext loggers hand over the message already formatted, without parameters. */
  private static String producerError(String format, Object[] params) {
    if (params != null && params.length > 0 && params[params.length - 1] != null) {
      return params[params.length - 1].toString();
    }
    int error = format.lastIndexOf(ERROR);
    return error < 0 ? "" : format.substring(error + ERROR.length());
  }
}
