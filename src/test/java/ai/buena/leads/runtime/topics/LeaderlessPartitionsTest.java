package ai.buena.leads.runtime.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

class LeaderlessPartitionsTest {
  private static final Node BROKER = new Node(1, "localhost", 9092);

  @Test
  void shouldNameEachPartitionWithoutALeaderOfTheTopicsAskedFor() {
    Map<String, TopicDescription> descriptions =
        Map.of(
            "lead-events", topic("lead-events", BROKER, null, BROKER, Node.noNode()),
            "lead-api-keys", topic("lead-api-keys", (Node) null));

    assertThat(LeaderlessPartitions.in(descriptions, List.of("lead-events")))
        .containsExactly("lead-events-1", "lead-events-3");
  }

  @Test
  void shouldFindNothingMissingWhenEveryPartitionHasALeader() {
    Map<String, TopicDescription> descriptions =
        Map.of("lead-events", topic("lead-events", BROKER, BROKER));

    assertThat(LeaderlessPartitions.in(descriptions, List.of("lead-events"))).isEmpty();
  }

  @Test
  void shouldAskAgainUntilEveryCreatedPartitionHasALeader() {
    AtomicInteger asked = new AtomicInteger();
    AdminCalls calls = new AdminCalls(Duration.ofSeconds(10));

    Map<String, TopicDescription> answer =
        calls.awaitUntil(
            () ->
                KafkaFuture.completedFuture(
                    Map.of(
                        "t",
                        asked.incrementAndGet() < 3
                            ? topic("t", BROKER, null)
                            : topic("t", BROKER, BROKER))),
            descriptions -> LeaderlessPartitions.in(descriptions, List.of("t")),
            "waiting for leaders");

    assertThat(asked).hasValue(3);
    assertThat(LeaderlessPartitions.in(answer, List.of("t"))).isEmpty();
  }

  @Test
  void shouldFailNamingThePartitionsStillWithoutALeaderAfterTheTimeout() {
    AdminCalls calls = new AdminCalls(Duration.ofMillis(300));

    assertThatThrownBy(
            () ->
                calls.awaitUntil(
                    () -> KafkaFuture.completedFuture(Map.of("t", topic("t", BROKER, null))),
                    descriptions -> LeaderlessPartitions.in(descriptions, List.of("t")),
                    "waiting for leaders"))
        .isInstanceOf(TopicProvisioningException.class)
        .hasMessageContaining("waiting for leaders")
        .hasMessageContaining("[t-1]");
  }

  private static TopicDescription topic(String name, Node... leaders) {
    List<TopicPartitionInfo> partitions = new ArrayList<>();
    for (int p = 0; p < leaders.length; p++) {
      partitions.add(new TopicPartitionInfo(p, leaders[p], List.of(BROKER), List.of(BROKER)));
    }
    return new TopicDescription(name, false, partitions);
  }
}
