package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.projection.DeadLetterRecord;
import ai.buena.leads.projection.DeadLetterTopicLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/** Reading the dead-letter topic's limit (the cut itself: DeadLetterTopicLimitTest, HostileEventIT). */
class DeadLetterTopicSizeTest {
  private static final String TOPIC = "lead-events.dlq";
  private static final ConfigResource RESOURCE = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
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

    assertThat(size.read())
        .hasValueSatisfying(failure -> assertThat(failure.reason()).contains("no such topic"));

    assertThat(limit.maxValueBytes()).isEqualTo(DeadLetterRecord.MAX_VALUE_BYTES);
    assertThat(limit.topicMaxMessageBytes()).isEqualTo(-1);
  }

  @Test
  void shouldAskAgainWhileTheTopicIsMissing() {
    AtomicInteger admins = new AtomicInteger();
    DeadLetterTopicSize size =
        new DeadLetterTopicSize(
            settings -> {
              admins.incrementAndGet();
              return admin(() -> new DescribeConfigsResult(Map.of(RESOURCE, failed(new UnknownTopicOrPartitionException("no such topic")))) {});
            },
            TOPIC,
            limit);

    assertThat(size.readWithRetries(Duration.ZERO)).isEqualTo(DeadLetterTopicSize.ATTEMPTS);
    assertThat(admins).hasValue(DeadLetterTopicSize.ATTEMPTS);
  }

  @Test
  void shouldStopAskingOnceTheBrokerRefusesTheRequest() {
    AtomicInteger admins = new AtomicInteger();
    DeadLetterTopicSize size =
        new DeadLetterTopicSize(
            settings -> {
              admins.incrementAndGet();
              return admin(() -> new DescribeConfigsResult(Map.of(RESOURCE, failed(new TopicAuthorizationException(Set.of(TOPIC))))) {});
            },
            TOPIC,
            limit);

    assertThat(size.readWithRetries(Duration.ZERO)).isEqualTo(1);
    assertThat(admins).hasValue(1);
    assertThat(limit.maxValueBytes()).isEqualTo(DeadLetterRecord.MAX_VALUE_BYTES);
  }

  private static KafkaFuture<Config> failed(Exception error) {
    KafkaFutureImpl<Config> future = new KafkaFutureImpl<>();
    future.completeExceptionally(error);
    return future;
  }

  private static Admin admin(Supplier<DescribeConfigsResult> described) {
    return AdminStub.answering("describeConfigs", described, new ArrayList<>());
  }
}
