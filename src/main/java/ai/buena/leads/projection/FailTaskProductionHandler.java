package ai.buena.leads.projection;

import ai.buena.leads.events.EventError;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output record (lead-projections, status counts, a changelog, the repartition topic or a dead
 * letter) could not be written. Never continue: the store and the outputs would disagree, or a
 * refused event would vanish without its dead letter; and under exactly-once the producer has
 * already marked the transaction for abort, so continuing could not commit anyway. A retriable
 * error retries; any other fails the task, which re-processes from its last commit, and counts the
 * input record in {@link FailingRecords} so that the event processor dead-letters it (or, if even
 * that fails, skips it) instead of replaying it forever.
 */
public final class FailTaskProductionHandler implements ProductionExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FailTaskProductionHandler.class);

  private ProjectionMetrics metrics;
  private FailingRecords failures;

  @Override
  public void configure(Map<String, ?> configs) {
    metrics = ErrorHandling.shared(configs, ErrorHandling.METRICS, ProjectionMetrics.class);
    failures = ErrorHandling.shared(configs, ErrorHandling.FAILURES, FailingRecords.class);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    return failTask(context, record.topic(), exception);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    return failTask(context, record.topic(), exception);
  }

  private Response failTask(ErrorHandlerContext context, String outputTopic, Exception exception) {
    String reason = ErrorHandling.describe(exception) + tooLargeHint(exception);
    EventError error =
        new EventError(EventError.OUTPUT_REJECTED, "could not write to " + outputTopic + ": " + reason);
    int count = failures.failed(context.topic(), context.partition(), context.offset(), error);
    metrics.failedAttempt();
    LOG.error(
        "writing to {} for {}-{}@{} failed (attempt {}): {}; task {} re-processes from its last commit",
        outputTopic,
        context.topic(),
        context.partition(),
        context.offset(),
        count,
        reason,
        context.taskId());
    return Response.fail();
  }

  /**
   * What to change when Kafka refuses a record's size: a lead written to its changelog when the
   * store flushes carries no input record, so it can never reach the dead-letter ladder.
   */
  private static String tooLargeHint(Exception exception) {
    if (!(exception instanceof RecordTooLargeException)) {
      return "";
    }
    return " (the record is larger than the topic takes: raise its max.message.bytes, or the"
        + " brokers' message.max.bytes, to at least 1048576; ops/runbook.md#topic-contradictions-at-start)";
  }
}
