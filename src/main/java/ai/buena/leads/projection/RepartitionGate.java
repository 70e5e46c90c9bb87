package ai.buena.leads.projection;

import ai.buena.leads.events.EventError;
import ai.buena.leads.events.EventParser;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * With {@link InputPartitioning#ANY}, where each {@code lead-events} record goes. A record on the
 * partition Java's default partitioner gives its key is applied here, at once. Any other is moved
 * to its lead's partition through the by-lead topic, stamped with its {@code lead-events}
 * coordinates ({@link SourceHeaders}); one too big to be written again (the broker took it
 * compressed; the by-lead topic's producer would refuse it and fail the task forever) goes to the
 * dead-letter topic as {@code TOO_LARGE} instead; should that dead letter be refused three times
 * (a dead-letter topic that takes less than a full copy), an excerpt is written instead, and after
 * six the record is skipped, as the event processor does ({@link FailingRecords}). A record
 * without a key is applied here (and dead-lettered there: its key is not its leadId).
 */
final class RepartitionGate implements Processor<byte[], byte[], byte[], RepartitionGate.Routed> {
  /** Key and headers together at most this, beside a value of at most the parser's limit. */
  static final int MAX_KEY_AND_HEADER_BYTES = 32 * 1024;
  /** A header's two lengths as written (varints of at most 5 bytes each). */
  private static final int HEADER_FRAMING_BYTES = 10;

  /** Where a record goes. */
  enum Route {
    APPLY_HERE,
    MOVE,
    DEAD_LETTER
  }

  /** A record to apply here or to move, or the dead letter of one that cannot be moved. */
  record Routed(Route route, byte[] value) {}

  private final ProjectionMetrics metrics;
  private final int inputPartitions;
  private final FailingRecords failures;
  private final DeadLetterTopicLimit deadLetterLimit;
  private ProcessorContext<byte[], Routed> context;

  RepartitionGate(
      ProjectionMetrics metrics,
      int inputPartitions,
      FailingRecords failures,
      DeadLetterTopicLimit deadLetterLimit) {
    this.metrics = metrics;
    this.inputPartitions = inputPartitions;
    this.failures = failures;
    this.deadLetterLimit = deadLetterLimit;
  }

  @Override
  public void init(ProcessorContext<byte[], Routed> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    DeadLetterRecord.Source source =
        context
            .recordMetadata()
            .map(m -> new DeadLetterRecord.Source(m.topic(), m.partition(), m.offset()))
            .orElse(null);
    if (source == null
        || record.key() == null
        || LeadPartitioner.partitionOfKey(record.key(), inputPartitions) == source.partition()) {
      context.forward(record.withValue(new Routed(Route.APPLY_HERE, record.value())));
      return;
    }
    int valueBytes = record.value() == null ? 0 : record.value().length;
    int keyAndHeaderBytes = keyAndHeaderBytes(record);
    if (valueBytes <= EventParser.MAX_EVENT_BYTES
        && keyAndHeaderBytes <= MAX_KEY_AND_HEADER_BYTES) {
      Headers stamped = SourceHeaders.stamp(record.headers(), source);
      metrics.moved();
      context.forward(record.withValue(new Routed(Route.MOVE, record.value())).withHeaders(stamped));
      return;
    }
    EventError error =
        new EventError(
            EventError.TOO_LARGE,
            "event is "
                + valueBytes
                + " bytes with "
                + keyAndHeaderBytes
                + " bytes of key and headers, more than "
                + EventParser.MAX_EVENT_BYTES
                + " and "
                + MAX_KEY_AND_HEADER_BYTES);
    int maxValueBytes = deadLetterLimit.maxValueBytes();
    FailingRecords.Verdict verdict = failures.verdict(source.topic(), source.partition(), source.offset());
    if (verdict instanceof FailingRecords.Verdict.Skip skip) {
      skip.report(source, metrics);
      return;
    }
    if (verdict instanceof FailingRecords.Verdict.DeadLetterInstead instead) {
      error = instead.error();
      maxValueBytes = DeadLetterRecord.EXCERPT_VALUE_BYTES;
    }
    DeadLetterRecord letter =
        DeadLetterRecord.of(record.key(), record.value(), record.headers(), error, source, maxValueBytes);
    metrics.deadLettered(error.code());
    context.forward(
        new Record<>(
            letter.key(),
            new Routed(Route.DEAD_LETTER, letter.value()),
            record.timestamp(),
            letter.headers()));
  }

  private static int keyAndHeaderBytes(Record<byte[], byte[]> record) {
    int bytes = record.key() == null ? 0 : record.key().length;
    for (Header header : record.headers()) {
      bytes += HEADER_FRAMING_BYTES;
      bytes += header.key().getBytes(StandardCharsets.UTF_8).length;
      bytes += header.value() == null ? 0 : header.value().length;
    }
    return bytes;
  }
}
