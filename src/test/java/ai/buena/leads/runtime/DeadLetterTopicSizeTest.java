package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.projection.DeadLetterRecord;
import ai.buena.leads.projection.DeadLetterTopicLimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/** Reading the dead-letter topic's limit (the cut itself: DeadLetterTopicLimitTest, HostileEventIT). */
class DeadLetterTopicSizeTest {
  private static final String TOPIC = "lead-events.dlq";
  private final DeadLetterTopicLimit limit = new DeadLetterTopicLimit();

  @Test
  void shouldCutDeadLettersToTheLimitTheTopicSets() {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
    Config config = new Config(List.of(new ConfigEntry("max.message.bytes", "600000")));
    DeadLetterTopicSize size =
        new DeadLetterTopicSize(
            settings ->
                admin(() -> new DescribeConfigsResult(Map.of(resource, KafkaFuture.completedFuture(config))) {}),
            TOPIC,
            limit);

    assertThat(size.read()).isEmpty();

    assertThat(limit.topicMaxMessageBytes()).isEqualTo(600_000);
    assertThat(limit.maxValueBytes()).isLessThan(600_000);
  }

  @Test
  void shouldKeepFullCopiesAndSayWhyWhileTheTopicCannotBeRead() {
    DeadLetterTopicSize size =
        new DeadLetterTopicSize(
            settings ->
                admin(() -> {
                  throw new UnknownTopicOrPartitionException("no such topic");
                }),
            TOPIC,
            limit);

    assertThat(size.read()).hasValueSatisfying(reason -> assertThat(reason).contains("no such topic"));

    assertThat(limit.maxValueBytes()).isEqualTo(DeadLetterRecord.MAX_VALUE_BYTES);
    assertThat(limit.topicMaxMessageBytes()).isEqualTo(-1);
  }

  private static Admin admin(Supplier<DescribeConfigsResult> described) {
    return AdminStub.answering("describeConfigs", described, new ArrayList<>());
  }
}
