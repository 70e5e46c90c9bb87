package ai.buena.leads.runtime.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicDeclarationsTest {
  @TempDir Path dir;

  @Test
  void shouldReadEveryFieldOfADeclarationFromAFile() throws IOException {
    Path file =
        write(
            """
            topics:
              orders:
                partitions: 3
                replication: 2
                configs:
                  cleanup.policy: compact
                  retention.ms: -1
                writers: [shop]
                readers: [billing, analytics]
                description: All orders.
            """);

    TopicDeclaration orders = TopicDeclarations.load(file).get("orders");

    assertThat(orders)
        .isEqualTo(
            new TopicDeclaration(
                "orders",
                3,
                2,
                Map.of("cleanup.policy", "compact", "retention.ms", "-1"),
                List.of("shop"),
                List.of("billing", "analytics"),
                "All orders."));
    assertThat(orders.keepsRecordsForever()).isTrue();
  }

  @Test
  void shouldLetThePartitionsOptionSetThePerLeadTopicsOnlyUnderEveryName() {
    TopicDeclarations declared =
        TopicDeclarations.loadFromClasspath().withPartitionsLike("lead-events", 1).renamed(n -> "t3." + n);

    assertThat(declared.followsPartitionsOption("t3.lead-events")).isTrue();
    assertThat(declared.followsPartitionsOption("t3.lead-projections")).isTrue();
    assertThat(declared.followsPartitionsOption("t3.lead-api-keys")).isFalse();
    assertThat(declared.get("t3.lead-api-keys").partitions()).isEqualTo(1);
    assertThat(declared.get("t3.lead-events").partitions()).isEqualTo(1);
  }

  @Test
  void shouldKeepTheDeclarationOrderOfTheFile() throws IOException {
    Path file =
        write(
            """
            topics:
              zebra: {partitions: 1, replication: 1, writers: [a], readers: [b]}
              alpha: {partitions: 1, replication: 1, writers: [a], readers: [b]}
            """);

    assertThat(TopicDeclarations.load(file).all())
        .extracting(TopicDeclaration::name)
        .containsExactly("zebra", "alpha");
  }

  @Test
  void shouldRefuseATopicWithoutPartitions() throws IOException {
    Path file = write("topics:\n  orders: {replication: 1}\n");

    assertThatThrownBy(() -> TopicDeclarations.load(file))
        .hasMessageContaining("orders")
        .hasMessageContaining("partitions");
  }

  @Test
  void shouldRefuseAnUnknownField() throws IOException {
    Path file = write("topics:\n  orders: {partitions: 1, replication: 1, partitons: 2}\n");

    assertThatThrownBy(() -> TopicDeclarations.load(file)).hasMessageContaining("partitons");
  }

  @Test
  void shouldNameTheMissingTopicWhenAskedForAnUndeclaredOne() {
    assertThatThrownBy(() -> TopicDeclarations.loadFromClasspath().get("nope"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void shouldDeclareLeadEventsToBeKeptForeverWithArrivalTimestamps() {
    TopicDeclaration leadEvents = TopicDeclarations.loadFromClasspath().get("lead-events");

    assertThat(leadEvents.partitions()).isEqualTo(6);
    assertThat(leadEvents.keepsRecordsForever()).isTrue();
    assertThat(leadEvents.configs())
        .containsEntry("cleanup.policy", "delete")
        .containsEntry("message.timestamp.type", "LogAppendTime");
  }

  @Test
  void shouldDeclareExactlyThePublishedTopicsAndTheDlqAsOutputsTheProjectionNeverReads() {
    List<String> outputs =
        TopicDeclarations.loadFromClasspath().all().stream()
            .filter(TopicDeclaration::output)
            .map(TopicDeclaration::name)
            .toList();

    assertThat(outputs)
        .containsExactlyInAnyOrder("lead-events.dlq", "lead-projections", "lead-status-counts");
  }

  @Test
  void shouldGiveTheNewPartitionCountToEveryTopicDeclaredLikeLeadEvents() {
    TopicDeclarations declared = TopicDeclarations.loadFromClasspath();

    TopicDeclarations resized = declared.withPartitionsLike("lead-events", 24);

    for (TopicDeclaration topic : declared.all()) {
      int expected = topic.partitions() == 6 ? 24 : topic.partitions();
      assertThat(resized.get(topic.name()).partitions()).as(topic.name()).isEqualTo(expected);
    }
    assertThat(resized.get("lead-projections").partitions()).isEqualTo(24);
    assertThat(resized.get("lead-api-keys").partitions()).isEqualTo(1);
  }

  @Test
  void shouldRefuseAPartitionCountBelowOne() {
    assertThatThrownBy(() -> TopicDeclarations.loadFromClasspath().withPartitionsLike("lead-events", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
  }

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("topics.yaml"), yaml);
  }
}
