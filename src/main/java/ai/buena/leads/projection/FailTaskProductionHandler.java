package ai.buena.leads.projection;

import ai.buena.leads.events.EventError;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.internals.StreamThread;
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
 *
 * <p>Which input record to count: a dead letter names its own ({@code source.*} headers). For
 * any other output, the context Kafka Streams passes names the record its task is processing when
 * the error is handled. That is the record the output came from only when the producer refused it
 * at once, on the stream thread; an error the broker answers arrives on the producer's thread,
 * after the task may have moved on to later records, which must not be blamed (three failures
 * would dead-letter a good event). Such a failure is counted against no record: the task
 * re-processes, and an output the broker always refuses stops its partition until the topic is
 * fixed, which the log names.
 */
public final class FailTaskProductionHandler implements ProductionExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FailTaskProductionHandler.class);

  private final BooleanSupplier onStreamThread;
  private ProjectionMetrics metrics;
  private FailingRecords failures;
  private TopicNames topics;

  public FailTaskProductionHandler() {
    this(() -> Thread.currentThread() instanceof StreamThread);
  }

  /** @param onStreamThread whether the error is handled on the thread that sent the record */
  FailTaskProductionHandler(BooleanSupplier onStreamThread) {
    this.onStreamThread = onStreamThread;
  }

  @Override
  public void configure(Map<String, ?> configs) {
    metrics = ErrorHandling.shared(configs, ErrorHandling.METRICS, ProjectionMetrics.class);
    failures = ErrorHandling.shared(configs, ErrorHandling.FAILURES, FailingRecords.class);
    topics = ErrorHandling.shared(configs, ErrorHandling.TOPICS, TopicNames.class);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RetriableException) {
      return Response.retry();
    }
    return failTask(blamed(context, record), record.topic(), exception, context);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    // serialization runs on the stream thread, for the record being processed
    return failTask(ErrorHandling.source(context), record.topic(), exception, context);
  }

  /** The input record the refused output came from, or null when that cannot be told. */
  private DeadLetterRecord.Source blamed(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record) {
    if (topics.deadLetters().equals(record.topic())) {
      DeadLetterRecord.Source named = DeadLetterRecord.sourceOf(record.headers());
      if (named != null) {
        return named;
      }
    }
    return onStreamThread.getAsBoolean() ? ErrorHandling.source(context) : null;
  }

  private Response failTask(
      DeadLetterRecord.Source blamed, String outputTopic, Exception exception, ErrorHandlerContext context) {
    String reason = ErrorHandling.describe(exception) + tooLargeHint(exception);
    metrics.failedAttempt();
    if (blamed == null) {
      LOG.error(
          "writing to {} failed: {}; not counted against any event (the broker answered after"
              + " task {} had gone on, so which event it came from cannot be told), the task"
              + " re-processes from its last commit",
          outputTopic,
          reason,
          context.taskId());
      return Response.fail();
    }
    EventError error =
        new EventError(EventError.OUTPUT_REJECTED, "could not write to " + outputTopic + ": " + reason);
    int count = failures.failed(blamed.topic(), blamed.partition(), blamed.offset(), error);
    LOG.error(
        "writing to {} for {}-{}@{} failed (attempt {}): {}; task {} re-processes from its last commit",
        outputTopic,
        blamed.topic(),
        blamed.partition(),
        blamed.offset(),
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
