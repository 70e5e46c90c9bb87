package ai.buena.leads.runtime.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

class TopicComparisonTest {
  private static final Node BROKER = new Node(1, "localhost", 9092);

  @Test
  void shouldTreatCleanupPoliciesListedInAnotherOrderAsEqual() {
    TopicDeclaration declared = declared(Map.of("cleanup.policy", "compact,delete"));

    TopicComparison comparison =
        new TopicComparison(
            declared, described(6, 1), config(Map.of("cleanup.policy", "delete, compact")), 1);

    assertThat(comparison.contradictions()).isEmpty();
    assertThat(comparison.harmlessDifferences()).isEmpty();
  }

  @Test
  void shouldRefuseMoreAsWellAsFewerPartitionsThanDeclared() {
    TopicDeclaration declared = declared(Map.of());

    TopicComparison comparison =
        new TopicComparison(declared, described(12, 1), config(Map.of()), 1);

    assertThat(comparison.contradictions())
        .singleElement()
        .asString()
        .startsWith("Topic orders has 12 partitions but topics/topics.yaml declares 6:");
  }

  @Test
  void shouldTellATopicWhosePartitionsNoOptionSetsToBeRecreatedNotToChangeTheOption() {
    TopicComparison comparison =
        new TopicComparison(declared(Map.of()), described(2, 1), config(Map.of()), 1, false);

    assertThat(comparison.contradictions())
        .singleElement()
        .asString()
        .startsWith("Topic orders has 2 partitions but topics/topics.yaml declares 6")
        .contains("recreate the topic with 6")
        .doesNotContain("start with --partitions");
  }

  @Test
  void shouldNameThePartitionsFlagThatMatchesAnExistingTopic() {
    TopicComparison comparison =
        new TopicComparison(declared(Map.of()), described(12, 1), config(Map.of()), 1);

    assertThat(comparison.contradictions())
        .singleElement()
        .asString()
        .contains("start with --partitions 12 (env PARTITIONS)");
  }

  @Test
  void shouldWarnWhenTheTopicHasFewerReplicasThanExpected() {
    TopicDeclaration declared = declared(Map.of());

    TopicComparison comparison =
        new TopicComparison(declared, described(6, 1), config(Map.of()), 3);

    assertThat(comparison.contradictions()).isEmpty();
    assertThat(comparison.harmlessDifferences())
        .containsExactly(
            "topic orders: replication factor is 1 but should be 3 (topics/topics.yaml declares"
                + " 3)");
  }

  @Test
  void shouldWarnAboutADeclaredConfigTheBrokerDoesNotKnow() {
    TopicDeclaration declared = declared(Map.of("made.up", "1"));

    TopicComparison comparison =
        new TopicComparison(declared, described(6, 1), config(Map.of()), 1);

    assertThat(comparison.harmlessDifferences())
        .containsExactly(
            "topic orders: made.up is unknown to the broker but topics/topics.yaml declares 1");
  }

  @Test
  void shouldOnlyWarnAboutADifferentFiniteRetention() {
    TopicDeclaration declared = declared(Map.of("retention.ms", "86400000"));

    TopicComparison comparison =
        new TopicComparison(
            declared, described(6, 1), config(Map.of("retention.ms", "3600000")), 1);

    assertThat(comparison.contradictions()).isEmpty();
    assertThat(comparison.harmlessDifferences()).hasSize(1);
  }

  @Test
  void shouldRefuseATopicKeptForeverWhoseSizeRetentionWouldDeleteRecords() {
    TopicDeclaration declared =
        declared(Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1"));

    TopicComparison comparison =
        new TopicComparison(
            declared,
            described(6, 1),
            config(Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "107374182400")),
            1);

    assertThat(comparison.contradictions())
        .singleElement()
        .asString()
        .startsWith("Topic orders has retention.bytes 107374182400 but topics/topics.yaml declares -1");
  }

  @Test
  void shouldAcceptAnyAgeRetentionOnACompactedTopicKeptForever() {
    TopicDeclaration declared = declared(Map.of("cleanup.policy", "compact", "retention.ms", "-1"));

    TopicComparison comparison =
        new TopicComparison(
            declared,
            described(6, 1),
            config(Map.of("cleanup.policy", "compact", "retention.ms", "604800000")),
            1);

    assertThat(comparison.contradictions()).isEmpty();
  }

  @Test
  void shouldRefuseATopicStampedByTheProducersClockWhereArrivalTimeIsDeclared() {
    TopicDeclaration declared = declared(Map.of("message.timestamp.type", "LogAppendTime"));

    TopicComparison comparison =
        new TopicComparison(
            declared, described(6, 1), config(Map.of("message.timestamp.type", "CreateTime")), 1);

    assertThat(comparison.contradictions())
        .singleElement()
        .asString()
        .startsWith("Topic orders has message.timestamp.type CreateTime but topics/topics.yaml")
        .contains("set message.timestamp.type=LogAppendTime on the topic");
    assertThat(comparison.harmlessDifferences()).isEmpty();
  }

  @Test
  void shouldRefuseAnOutputTopicThatTakesSmallerRecordsThanTheProjectionWrites() {
    TopicComparison comparison =
        new TopicComparison(
            output(Map.of()), described(6, 1), config(Map.of("max.message.bytes", "102400")), 1);

    assertThat(comparison.contradictions())
        .singleElement()
        .asString()
        .startsWith("Topic orders takes records of at most 102400 bytes (max.message.bytes)")
        .contains("set max.message.bytes=1048576 or more on the topic");
  }

  @Test
  void shouldOnlyWarnAboutAnOutputTopicThatTakesEveryLeadButNotTheLargestDeadLetters() {
    TopicComparison comparison =
        new TopicComparison(
            output(Map.of()), described(6, 1), config(Map.of("max.message.bytes", "1000000")), 1);

    assertThat(comparison.contradictions()).isEmpty();
    assertThat(comparison.harmlessDifferences())
        .singleElement()
        .asString()
        .startsWith("topic orders: max.message.bytes is 1000000, below the 1048576 bytes");
  }

  @Test
  void shouldTakeAnOutputTopicThatTakesEveryRecordTheProducersSend() {
    TopicComparison comparison =
        new TopicComparison(
            output(Map.of()), described(6, 1), config(Map.of("max.message.bytes", "1048576")), 1);

    assertThat(comparison.contradictions()).isEmpty();
    assertThat(comparison.harmlessDifferences()).isEmpty();
  }

  @Test
  void shouldOnlyWarnAboutAnotherPartitionCountOfATopicTheProjectionOnlyWrites() {
    TopicComparison comparison =
        new TopicComparison(output(Map.of()), described(12, 1), config(Map.of()), 1);

    assertThat(comparison.contradictions()).isEmpty();
    assertThat(comparison.harmlessDifferences())
        .singleElement()
        .asString()
        .startsWith("topic orders: 12 partitions but topics/topics.yaml declares 6");
  }

  @Test
  void shouldOnlyWarnAboutAFiniteRetentionOfATopicTheProjectionOnlyWrites() {
    TopicComparison comparison =
        new TopicComparison(
            output(Map.of("cleanup.policy", "delete", "retention.ms", "-1")),
            described(6, 1),
            config(Map.of("cleanup.policy", "delete", "retention.ms", "604800000")),
            1);

    assertThat(comparison.contradictions()).isEmpty();
    assertThat(comparison.harmlessDifferences())
        .containsExactly("topic orders: retention.ms is 604800000 but topics/topics.yaml declares -1");
  }

  @Test
  void shouldStillRefuseAnotherCleanupPolicyOnATopicTheProjectionOnlyWrites() {
    TopicComparison comparison =
        new TopicComparison(
            output(Map.of("cleanup.policy", "compact")),
            described(6, 1),
            config(Map.of("cleanup.policy", "delete")),
            1);

    assertThat(comparison.contradictions())
        .singleElement()
        .asString()
        .startsWith("Topic orders has cleanup.policy delete but topics/topics.yaml declares compact");
  }

  private static TopicDeclaration output(Map<String, String> configs) {
    return new TopicDeclaration(
        "orders", 6, 3, configs, List.of("shop"), List.of("billing"), "", true);
  }

  private static TopicDeclaration declared(Map<String, String> configs) {
    return new TopicDeclaration("orders", 6, 3, configs, List.of("shop"), List.of("billing"), "");
  }

  private static TopicDescription described(int partitions, int replicas) {
    List<Node> replicaNodes = Collections.nCopies(replicas, BROKER);
    return new TopicDescription(
        "orders",
        false,
        IntStream.range(0, partitions)
            .mapToObj(p -> new TopicPartitionInfo(p, BROKER, replicaNodes, replicaNodes))
            .toList());
  }

  private static Config config(Map<String, String> values) {
    return new Config(
        values.entrySet().stream().map(e -> new ConfigEntry(e.getKey(), e.getValue())).toList());
  }
}
