package ai.buena.leads.projection;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * With {@link InputPartitioning#ANY}: the {@code lead-events} coordinates of a record, stamped on
 * it before it is moved to its lead's partition, so that its dead letter names {@code lead-events},
 * not the internal topic it was read from at last. A producer's own headers of these names are
 * dropped (from every dead letter).
 */
final class SourceHeaders {
  static final String TOPIC = "lead-projection.stamp.topic";
  static final String PARTITION = "lead-projection.stamp.partition";
  static final String OFFSET = "lead-projection.stamp.offset";

  private SourceHeaders() {}

  /** The stamped coordinates, or null when the record carries none (or unreadable ones). */
  static DeadLetterRecord.Source stamped(Headers headers) {
    return DeadLetterRecord.sourceIn(headers, TOPIC, PARTITION, OFFSET);
  }

  /** A copy of the headers without the stamp. */
  static Headers withoutStamp(Headers headers) {
    RecordHeaders copy = new RecordHeaders(headers.toArray());
    copy.remove(TOPIC);
    copy.remove(PARTITION);
    copy.remove(OFFSET);
    return copy;
  }

  /** A copy of the headers, stamped with {@code source} (a producer's stamp replaced). */
  static Headers stamp(Headers headers, DeadLetterRecord.Source source) {
    Headers stamped = withoutStamp(headers);
    if (source != null) {
      stamped.add(TOPIC, utf8(source.topic()));
      stamped.add(PARTITION, utf8(Integer.toString(source.partition())));
      stamped.add(OFFSET, utf8(Long.toString(source.offset())));
    }
    return stamped;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
