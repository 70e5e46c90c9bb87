package ai.buena.leads.projection;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.EventError;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** How much of an event a dead letter copies for the dead-letter topic to take it. */
class DeadLetterTopicLimitTest {
  private final DeadLetterTopicLimit limit = new DeadLetterTopicLimit();

  @Test
  void shouldCopyAWholeEventWhileTheTopicsLimitIsUnknown() {
    assertThat(limit.maxValueBytes()).isEqualTo(DeadLetterRecord.MAX_VALUE_BYTES);
    assertThat(limit.topicMaxMessageBytes()).isEqualTo(-1);
  }

  @Test
  void shouldCopyAWholeEventWhenTheTopicTakesAFullDeadLetter() {
    limit.topicTakes(1_048_588);

    assertThat(limit.maxValueBytes()).isEqualTo(DeadLetterRecord.MAX_VALUE_BYTES);
  }

  @Test
  void shouldLeaveTheLargestDeadLetterAHundredthOfTheTopicsLimitToSpare() {
    limit.topicTakes(600_000);

    DeadLetterRecord largest =
        DeadLetterRecord.of(
            "k".repeat(5_000).getBytes(StandardCharsets.UTF_8),
            new byte[2_000_000],
            headersOfBytes(40_000),
            new EventError("TOO_LARGE", "é".repeat(5_000)),
            new DeadLetterRecord.Source("lead-events", 5, Long.MAX_VALUE),
            limit.maxValueBytes());
    assertThat(largest.value()).hasSize(limit.maxValueBytes());
    assertThat(largest.sizeInBytes()).isLessThanOrEqualTo(600_000 - 6_000);
  }

  @Test
  void shouldStillCopyAnExcerptWhenTheTopicTakesLessThanThat() {
    limit.topicTakes(20_000);

    assertThat(limit.maxValueBytes()).isEqualTo(DeadLetterRecord.EXCERPT_VALUE_BYTES);
  }

  private static RecordHeaders headersOfBytes(int bytes) {
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i * 1_000 < bytes; i++) {
      headers.add("h" + i, new byte[990]);
    }
    return headers;
  }
}
