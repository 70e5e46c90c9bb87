package ai.buena.leads.projection;

import ai.buena.leads.events.EventError;
import ai.buena.leads.events.EventParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The one format of {@code lead-events.dlq}: the original key and value, the producer's headers,
 * and ours ({@code error.code}, {@code error.message}, {@code source.topic/partition/offset}).
 *
 * <p>It always fits the producer's default {@code max.request.size} (1 MiB) and the broker's default
 * {@code message.max.bytes}. The original record is copied whole whenever its key, value and headers
 * together fit the budgets of the three; only when they do not is each part beyond its own budget
 * cut, and a header says so with the original size. A producer's header whose name collides with
 * ours keeps its value under {@code original.}+name, so a dead letter's {@code error.code} is always
 * ours.
 */
public record DeadLetterRecord(byte[] key, byte[] value, Headers headers) {
  public static final String ERROR_CODE = "error.code";
  public static final String ERROR_MESSAGE = "error.message";
  public static final String SOURCE_TOPIC = "source.topic";
  public static final String SOURCE_PARTITION = "source.partition";
  public static final String SOURCE_OFFSET = "source.offset";
  public static final String VALUE_TRUNCATED = "error.value.truncated";
  public static final String VALUE_SIZE = "error.value.size";
  public static final String KEY_TRUNCATED = "error.key.truncated";
  public static final String KEY_SIZE = "error.key.size";
  public static final String HEADERS_DROPPED = "error.headers.dropped";
  /** Prefix of a producer's header whose name is one of ours. */
  public static final String COLLISION_PREFIX = "original.";

  /** Every event the parser reads at all is copied whole; bigger values are cut to this. */
  public static final int MAX_VALUE_BYTES = EventParser.MAX_EVENT_BYTES;
  /** For an event whose full dead letter could not be written: a short excerpt is enough. */
  public static final int EXCERPT_VALUE_BYTES = 16 * 1024;
  public static final int MAX_KEY_BYTES = 1024;
  /** Names plus values of the producer's headers copied; the rest are dropped and counted. */
  public static final int MAX_COPIED_HEADER_BYTES = 16 * 1024;
  public static final int MAX_MESSAGE_CHARS = 1000;
  /** Charged per copied header against its budget: the record format's length fields. */
  private static final int HEADER_FRAMING_BYTES = 8;
  /**
   * What a dead letter weighs at most, headers and key included (see {@link #sizeInBytes()}):
   * below the default {@code max.request.size} (1,048,576) with room for the batch overhead.
   */
  public static final int MAX_RECORD_BYTES =
      MAX_VALUE_BYTES + MAX_KEY_BYTES + MAX_COPIED_HEADER_BYTES + 4 * 1024;

  /** Where the refused record was read; null parts are left out of the headers. */
  public record Source(String topic, int partition, long offset) {}

  public static DeadLetterRecord of(
      byte[] key, byte[] value, Headers producerHeaders, EventError error, Source source) {
    return of(key, value, producerHeaders, error, source, MAX_VALUE_BYTES);
  }

  public static DeadLetterRecord of(
      byte[] key,
      byte[] value,
      Headers producerHeaders,
      EventError error,
      Source source,
      int maxValueBytes) {
    RecordHeaders headers = new RecordHeaders();
    int valueBudget = Math.min(maxValueBytes, MAX_VALUE_BYTES);
    boolean whole =
        wholeSize(key, value, producerHeaders) <= (long) valueBudget + MAX_KEY_BYTES + MAX_COPIED_HEADER_BYTES;
    int droppedHeaders =
        copyProducerHeaders(producerHeaders, headers, whole ? Integer.MAX_VALUE : MAX_COPIED_HEADER_BYTES);
    headers.add(ERROR_CODE, utf8(error.code()));
    headers.add(ERROR_MESSAGE, utf8(bounded(error.message())));
    if (source != null && source.topic() != null) {
      headers.add(SOURCE_TOPIC, utf8(source.topic()));
      headers.add(SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
      headers.add(SOURCE_OFFSET, utf8(Long.toString(source.offset())));
    }
    byte[] keptKey = whole ? key : cut(key, MAX_KEY_BYTES, headers, KEY_TRUNCATED, KEY_SIZE);
    byte[] keptValue = whole ? value : cut(value, valueBudget, headers, VALUE_TRUNCATED, VALUE_SIZE);
    if (droppedHeaders > 0) {
      headers.add(HEADERS_DROPPED, utf8(Integer.toString(droppedHeaders)));
    }
    return new DeadLetterRecord(keptKey, keptValue, headers);
  }

  /**
   * Where the refused record of a dead letter with {@code headers} was read, or null when they do
   * not say (a producer cannot set these headers: {@link #isOurs}).
   */
  public static Source sourceOf(Headers headers) {
    return sourceIn(headers, SOURCE_TOPIC, SOURCE_PARTITION, SOURCE_OFFSET);
  }

  /** The source written in the three headers named, or null when one is missing or unreadable. */
  static Source sourceIn(Headers headers, String topicName, String partitionName, String offsetName) {
    Header topic = headers.lastHeader(topicName);
    Header partition = headers.lastHeader(partitionName);
    Header offset = headers.lastHeader(offsetName);
    if (topic == null || partition == null || offset == null) {
      return null;
    }
    try {
      return new Source(text(topic), Integer.parseInt(text(partition)), Long.parseLong(text(offset)));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String text(Header header) {
    return header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** True for a header name a producer may not set on a dead letter: ours, or one of our prefixes. */
  public static boolean isOurs(String name) {
    return name.startsWith("error.") || name.startsWith("source.");
  }

  /** Key, value and every header name and value, in bytes: what the producer checks, minus framing. */
  public int sizeInBytes() {
    int size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    for (Header header : headers) {
      size += utf8(header.key()).length + (header.value() == null ? 0 : header.value().length);
    }
    return size;
  }

  /** The dead letter for {@code topic}; a negative (unknown) timestamp leaves it unset. */
  public ProducerRecord<byte[], byte[]> toProducerRecord(String topic, long timestamp) {
    return new ProducerRecord<>(topic, null, timestamp < 0 ? null : timestamp, key, value, headers);
  }

  /** Key, value and the producer's headers as they would be copied, framing included. */
  private static long wholeSize(byte[] key, byte[] value, Headers producerHeaders) {
    long size = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    if (producerHeaders != null) {
      for (Header header : producerHeaders) {
        size += copiedSize(header);
      }
    }
    return size;
  }

  private static int copyProducerHeaders(Headers from, RecordHeaders to, int budget) {
    if (from == null) {
      return 0;
    }
    int left = budget;
    int dropped = 0;
    for (Header header : from) {
      int size = copiedSize(header);
      if (size > left) {
        dropped++;
        continue;
      }
      left -= size;
      to.add(copiedName(header), header.value());
    }
    return dropped;
  }

  private static String copiedName(Header header) {
    return isOurs(header.key()) ? COLLISION_PREFIX + header.key() : header.key();
  }

  private static int copiedSize(Header header) {
    return HEADER_FRAMING_BYTES
        + utf8(copiedName(header)).length
        + (header.value() == null ? 0 : header.value().length);
  }

  private static byte[] cut(
      byte[] bytes, int max, RecordHeaders headers, String truncatedHeader, String sizeHeader) {
    if (bytes == null || bytes.length <= max) {
      return bytes;
    }
    headers.add(truncatedHeader, utf8("true"));
    headers.add(sizeHeader, utf8(Integer.toString(bytes.length)));
    return Arrays.copyOf(bytes, max);
  }

  private static String bounded(String message) {
    if (message == null) {
      return "";
    }
    if (message.length() <= MAX_MESSAGE_CHARS) {
      return message;
    }
    int end = MAX_MESSAGE_CHARS;
    if (Character.isHighSurrogate(message.charAt(end - 1))) {
      end--;
    }
    return message.substring(0, end) + "…";
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
