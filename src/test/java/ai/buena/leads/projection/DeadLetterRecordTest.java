package ai.buena.leads.projection;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.EventError;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.internal.AbstractRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

class DeadLetterRecordTest {
  private static final EventError TOO_LARGE = new EventError(EventError.TOO_LARGE, "too large");
  private static final DeadLetterRecord.Source SOURCE =
      new DeadLetterRecord.Source(Names.LEAD_EVENTS, 3, 42L);
  /** The producer's default max.request.size. */
  private static final int MAX_REQUEST_SIZE =
      (int) ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);

  @Test
  void shouldCutAValueBeyondTheLimitAndSaySoWithTheOriginalSize() {
    byte[] value = filled(2_000_000, 'x');

    DeadLetterRecord letter = DeadLetterRecord.of(utf8("lead_1"), value, null, TOO_LARGE, SOURCE);

    assertThat(letter.value()).hasSize(DeadLetterRecord.MAX_VALUE_BYTES);
    assertThat(letter.value()).isEqualTo(Arrays.copyOf(value, DeadLetterRecord.MAX_VALUE_BYTES));
    assertThat(header(letter.headers(), "error.value.truncated")).isEqualTo("true");
    assertThat(header(letter.headers(), "error.value.size")).isEqualTo("2000000");
  }

  @Test
  void shouldCopyAValueWithinTheLimitWholeWithoutTruncationHeaders() {
    byte[] value = filled(DeadLetterRecord.MAX_VALUE_BYTES, 'x');

    DeadLetterRecord letter = DeadLetterRecord.of(utf8("lead_1"), value, null, TOO_LARGE, SOURCE);

    assertThat(letter.value()).isEqualTo(value);
    assertThat(letter.headers().lastHeader("error.value.truncated")).isNull();
    assertThat(letter.headers().lastHeader("error.value.size")).isNull();
  }

  @Test
  void shouldKeepTheSourceTopicPartitionAndOffsetAndOurErrorHeaders() {
    DeadLetterRecord letter =
        DeadLetterRecord.of(utf8("lead_1"), filled(2_000_000, 'x'), null, TOO_LARGE, SOURCE);

    assertThat(header(letter.headers(), "error.code")).isEqualTo("TOO_LARGE");
    assertThat(header(letter.headers(), "error.message")).isEqualTo("too large");
    assertThat(header(letter.headers(), "source.topic")).isEqualTo(Names.LEAD_EVENTS);
    assertThat(header(letter.headers(), "source.partition")).isEqualTo("3");
    assertThat(header(letter.headers(), "source.offset")).isEqualTo("42");
  }

  @Test
  void shouldPrefixProducerHeadersThatCollideWithOursAndKeepTheOthers() {
    Headers planted = new RecordHeaders();
    planted.add("error.code", utf8("LEAD_EXISTS"));
    planted.add("source.offset", utf8("0"));
    planted.add("trace", utf8("abc"));

    DeadLetterRecord letter =
        DeadLetterRecord.of(utf8("lead_1"), utf8("{}"), planted, TOO_LARGE, SOURCE);

    assertThat(values(letter.headers(), "error.code")).containsExactly("TOO_LARGE");
    assertThat(values(letter.headers(), "source.offset")).containsExactly("42");
    assertThat(header(letter.headers(), "original.error.code")).isEqualTo("LEAD_EXISTS");
    assertThat(header(letter.headers(), "original.source.offset")).isEqualTo("0");
    assertThat(header(letter.headers(), "trace")).isEqualTo("abc");
  }

  @Test
  void shouldCopyAValueBeyondItsBudgetWholeWhenKeyValueAndHeadersTogetherFit() {
    byte[] value = filled(DeadLetterRecord.MAX_VALUE_BYTES + 1, 'x');

    DeadLetterRecord letter = DeadLetterRecord.of(utf8("lead_1"), value, null, TOO_LARGE, SOURCE);

    assertThat(letter.value()).isEqualTo(value);
    assertThat(letter.headers().lastHeader("error.value.truncated")).isNull();
  }

  @Test
  void shouldCopyAKeyBeyondItsBudgetWholeWhenKeyValueAndHeadersTogetherFit() {
    byte[] key = filled(5_000, 'k');

    DeadLetterRecord letter = DeadLetterRecord.of(key, utf8("{}"), null, TOO_LARGE, SOURCE);

    assertThat(letter.key()).isEqualTo(key);
    assertThat(letter.headers().lastHeader("error.key.truncated")).isNull();
  }

  @Test
  void shouldCopyEveryProducerHeaderBeyondTheirBudgetWhenKeyValueAndHeadersTogetherFit() {
    Headers headers = new RecordHeaders();
    for (int i = 0; i < 20; i++) {
      headers.add("h" + i, filled(1_000, 'h'));
    }

    DeadLetterRecord letter = DeadLetterRecord.of(utf8("lead_1"), utf8("{bad"), headers, TOO_LARGE, SOURCE);

    for (int i = 0; i < 20; i++) {
      assertThat(letter.headers().lastHeader("h" + i).value()).hasSize(1_000);
    }
    assertThat(letter.headers().lastHeader("error.headers.dropped")).isNull();
  }

  @Test
  void shouldCutAHugeKeyAndDropHeadersBeyondTheirBudgetSayingHowManyWhenTheWholeDoesNotFit() {
    Headers headers = new RecordHeaders();
    headers.add("small", utf8("kept"));
    headers.add("huge", filled(100_000, 'h'));

    DeadLetterRecord letter =
        DeadLetterRecord.of(
            filled(50_000, 'k'), filled(DeadLetterRecord.MAX_VALUE_BYTES, 'v'), headers, TOO_LARGE, SOURCE);

    assertThat(letter.key()).hasSize(DeadLetterRecord.MAX_KEY_BYTES);
    assertThat(header(letter.headers(), "error.key.truncated")).isEqualTo("true");
    assertThat(header(letter.headers(), "error.key.size")).isEqualTo("50000");
    assertThat(header(letter.headers(), "small")).isEqualTo("kept");
    assertThat(letter.headers().lastHeader("huge")).isNull();
    assertThat(header(letter.headers(), "error.headers.dropped")).isEqualTo("1");
  }

  @Test
  void shouldFitTheProducersDefaultMaxRequestSizeWhateverTheInput() {
    Headers headers = new RecordHeaders();
    for (int i = 0; i < 5_000; i++) {
      headers.add("h", new byte[] {1});
    }
    headers.add("huge", filled(3_000_000, 'h'));
    EventError longMessage = new EventError(EventError.TOO_LARGE, "€".repeat(50_000));

    DeadLetterRecord letter =
        DeadLetterRecord.of(
            filled(3_000_000, 'k'), filled(3_000_000, 'v'), headers, longMessage, SOURCE);

    int estimate =
        AbstractRecords.estimateSizeInBytesUpperBound(
            RecordBatch.CURRENT_MAGIC_VALUE,
            Compression.lz4().build().type(),
            letter.key(),
            letter.value(),
            letter.headers().toArray());
    assertThat(letter.sizeInBytes()).isLessThanOrEqualTo(DeadLetterRecord.MAX_RECORD_BYTES);
    assertThat(estimate).isLessThanOrEqualTo(MAX_REQUEST_SIZE);
  }

  @Test
  void shouldCutALongMessageWithoutSplittingACharacter() {
    String message = "a" + "😀".repeat(DeadLetterRecord.MAX_MESSAGE_CHARS);

    DeadLetterRecord letter =
        DeadLetterRecord.of(
            utf8("k"), utf8("{}"), null, new EventError(EventError.TOO_LARGE, message), SOURCE);

    String kept = header(letter.headers(), "error.message");
    assertThat(kept).endsWith("…").hasSizeLessThanOrEqualTo(DeadLetterRecord.MAX_MESSAGE_CHARS + 1);
    assertThat(kept.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)).isTrue();
  }

  static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static java.util.List<String> values(Headers headers, String name) {
    java.util.List<String> values = new java.util.ArrayList<>();
    headers.headers(name).forEach(h -> values.add(new String(h.value(), StandardCharsets.UTF_8)));
    return values;
  }

  private static byte[] filled(int size, char c) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, (byte) c);
    return bytes;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
