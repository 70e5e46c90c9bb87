package ai.buena.leads.projection;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The projection's Kafka Streams error handlers, configured in one place. Every record they put in
 * {@code lead-events.dlq} is a {@link DeadLetterRecord} (Kafka's own dead-letter format, set by
 * {@code errors.dead.letter.queue.topic.name}, is not used), counted by code.
 *
 * <p>What may continue past a failure: a record that cannot be deserialized (it never will be) is
 * dead-lettered at once. An output that cannot be written, or a processor that throws, never lets
 * the task simply continue: the record's lead update would be half-applied or silently lost (and
 * under exactly-once the producer has already doomed the transaction). The task fails and
 * re-processes from its last commit; {@link FailingRecords} counts the record, and on its third
 * attempt it is dead-lettered (an excerpt, code {@code OUTPUT_REJECTED} or {@code
 * PROCESSING_FAILED}) instead of applied; on its sixth, when even that failed, it is skipped with a
 * metric and an ERROR line naming its topic, partition and offset ({@code lead-events} keeps every
 * record forever, so it can be re-read from there).
 */
public final class ErrorHandling {
  static final String METRICS = "leads.projection.metrics";
  static final String FAILURES = "leads.projection.failing-records";
  static final String TOPICS = "leads.projection.topic-names";

  private ErrorHandling() {}

  /** The Streams settings that install the handlers, sharing these metrics and failure counts. */
  public static Map<String, Object> streamsProperties(
      ProjectionMetrics metrics, FailingRecords failures) {
    return streamsProperties(metrics, failures, TopicNames.DEFAULT);
  }

  /** The same, writing dead letters to the dead-letter topic of {@code topics}. */
  public static Map<String, Object> streamsProperties(
      ProjectionMetrics metrics, FailingRecords failures, TopicNames topics) {
    return Map.of(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetteringDeserializationHandler.class.getName(),
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        RetryThenDeadLetterProcessingHandler.class.getName(),
        // the handler never skips an API key record (a lost revocation); without this, Kafka
        // Streams 4.4 warns at every start, and from 5.0 on it is always so
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG,
        true,
        // the partition assignor reads its Streams settings from the main consumer's
        StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
        true,
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        FailTaskProductionHandler.class.getName(),
        METRICS,
        metrics,
        FAILURES,
        failures,
        TOPICS,
        topics);
  }

  static <T> T shared(Map<String, ?> configs, String name, Class<T> type) {
    Object value = configs.get(name);
    if (!type.isInstance(value)) {
      throw new ConfigException(
          name, value, "set by ErrorHandling.streamsProperties: the handlers need it");
    }
    return type.cast(value);
  }

  static DeadLetterRecord.Source source(org.apache.kafka.streams.errors.ErrorHandlerContext ctx) {
    return ctx.topic() == null
        ? null
        : new DeadLetterRecord.Source(ctx.topic(), ctx.partition(), ctx.offset());
  }

  /**
   * Whether {@code failure} is Kafka Streams reporting that writing an output failed (its record
   * collector or producer made the exception, a cause of it): after one output fails, the
   * producer refuses every send of its transaction, so the record being processed then is not
   * what failed.
   */
  static boolean isFailedWrite(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < 16; depth++, cause = cause.getCause()) {
      StackTraceElement[] frames = cause.getStackTrace();
      if (frames.length > 0 && WRITERS.contains(frames[0].getClassName())) {
        return true;
      }
    }
    return false;
  }

  private static final Set<String> WRITERS =
      Set.of(
          "org.apache.kafka.streams.processor.internals.RecordCollectorImpl",
          "org.apache.kafka.streams.processor.internals.StreamsProducer");

  static String describe(Exception e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
