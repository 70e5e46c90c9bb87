package ai.buena.leads.projection;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Where a dead letter was read from: {@code source.topic}, {@code source.partition}, {@code source.offset}. */
final class SourceHeaders {
  private SourceHeaders() {}

  static void add(Headers headers, RecordMetadata source) {
    headers.add("source.topic", utf8(source.topic()));
    headers.add("source.partition", utf8(Integer.toString(source.partition())));
    headers.add("source.offset", utf8(Long.toString(source.offset())));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Puts the lead-events coordinates on a record before it is re-partitioned, so that a dead
   * letter names lead-events, not the internal topic it was read from at last.
   */
  static final class Stamp implements FixedKeyProcessor<byte[], byte[], byte[]> {
    private FixedKeyProcessorContext<byte[], byte[]> context;

    @Override
    public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
      this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<byte[], byte[]> record) {
      Headers headers = new RecordHeaders(record.headers().toArray());
      context.recordMetadata().ifPresent(source -> add(headers, source));
      context.forward(record.withHeaders(headers));
    }
  }
}
