package ai.buena.leads.projection;

import ai.buena.leads.events.EventError;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A processor threw: fail the task (nothing half-applied is committed) and count the record. A
 * {@code lead-events} record (or, with input partitioning {@code any}, a record of its by-lead
 * repartition topic) that keeps failing is then dead-lettered by the event processor itself,
 * before it touches a store; a record of another (internal) topic is dead-lettered here
 * once it has failed {@link FailingRecords#DEAD_LETTER_AFTER} times. It also handles the global
 * (API keys') thread, as Kafka Streams asks of 4.4 and does by default from 5.0 on, but a key
 * record is never skipped, so a revocation cannot be lost: its failure stops the instance, which
 * {@code /health/live} then reports for a restart. A send that fails because an earlier output
 * failed (the producer refuses every send after that) is not counted against the record at hand.
 */
public final class RetryThenDeadLetterProcessingHandler implements ProcessingExceptionHandler {
  private static final Logger LOG =
      LoggerFactory.getLogger(RetryThenDeadLetterProcessingHandler.class);

  private ProjectionMetrics metrics;
  private FailingRecords failures;
  private TopicNames topics;

  @Override
  public void configure(Map<String, ?> configs) {
    metrics = ErrorHandling.shared(configs, ErrorHandling.METRICS, ProjectionMetrics.class);
    failures = ErrorHandling.shared(configs, ErrorHandling.FAILURES, FailingRecords.class);
    topics = ErrorHandling.shared(configs, ErrorHandling.TOPICS, TopicNames.class);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (ErrorHandling.isFailedWrite(exception)) {
      // the producer failed on an earlier output: FailTaskProductionHandler counted it against
      // the event it came from, if that could be told; this record is not to blame
      LOG.warn(
          "processing {}-{}@{} stopped by an earlier failed write ({}); task {} re-processes from its"
              + " last commit",
          context.topic(), context.partition(), context.offset(), ErrorHandling.describe(exception),
          context.taskId());
      return Response.fail();
    }
    EventError error =
        new EventError(
            EventError.PROCESSING_FAILED,
            "processor " + context.processorNodeId() + " threw " + ErrorHandling.describe(exception));
    int count = failures.failed(context.topic(), context.partition(), context.offset(), error);
    metrics.failedAttempt();
    boolean apiKey = topics.apiKeys().equals(context.topic());
    String next =
        apiKey
            ? "the API keys' thread stops (a key record is never skipped)"
            : "task " + context.taskId() + " re-processes from its last commit";
    if (count == 1) {
      LOG.error(
          "processing {}-{}@{} failed (attempt {}), {}",
          context.topic(), context.partition(), context.offset(), count, next, exception);
    } else {
      // its stack trace was logged at its first attempt
      LOG.error(
          "processing {}-{}@{} failed again (attempt {}): {}; {}",
          context.topic(), context.partition(), context.offset(), count, ErrorHandling.describe(exception), next);
    }
    if (apiKey
        || LeadTopology.isLeadEventsSource(context.topic(), topics)
        || count < FailingRecords.DEAD_LETTER_AFTER) {
      return Response.fail();
    }
    DeadLetterRecord letter =
        DeadLetterRecord.of(
            context.sourceRawKey(),
            context.sourceRawValue(),
            context.headers(),
            error,
            ErrorHandling.source(context),
            DeadLetterRecord.EXCERPT_VALUE_BYTES);
    metrics.deadLettered(error.code());
    return Response.resume(List.of(letter.toProducerRecord(topics.deadLetters(), context.timestamp())));
  }
}
