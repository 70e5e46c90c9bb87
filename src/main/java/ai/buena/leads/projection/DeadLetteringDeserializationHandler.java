package ai.buena.leads.projection;

import ai.buena.leads.events.EventError;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A record that cannot be deserialized never will be: dead-letter it and go on. */
public final class DeadLetteringDeserializationHandler implements DeserializationExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringDeserializationHandler.class);

  private ProjectionMetrics metrics;
  private TopicNames topics;

  @Override
  public void configure(Map<String, ?> configs) {
    metrics = ErrorHandling.shared(configs, ErrorHandling.METRICS, ProjectionMetrics.class);
    topics = ErrorHandling.shared(configs, ErrorHandling.TOPICS, TopicNames.class);
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    EventError error =
        new EventError(EventError.DESERIALIZATION_FAILED, ErrorHandling.describe(exception));
    LOG.warn(
        "dead-lettering {}-{}@{}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        error.message());
    DeadLetterRecord letter =
        DeadLetterRecord.of(
            record.key(),
            record.value(),
            record.headers(),
            error,
            new DeadLetterRecord.Source(record.topic(), record.partition(), record.offset()));
    metrics.deadLettered(error.code());
    return Response.resume(List.of(letter.toProducerRecord(topics.deadLetters(), record.timestamp())));
  }
}
