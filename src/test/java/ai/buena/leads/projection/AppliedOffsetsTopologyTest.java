package ai.buena.leads.projection;

import static ai.buena.leads.testing.EventJson.bytes;
import static ai.buena.leads.testing.EventJson.created;
import static ai.buena.leads.testing.EventJson.updated;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.index.LocalIndexes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor records the lead-events offset of every event it processed, whatever came of it. */
class AppliedOffsetsTopologyTest {
  private static final String WS = "ws_acme";
  private static final String AT = "2024-01-15T10:30:00Z";
  private static final Instant T0 = Instant.parse(AT);

  private final LocalIndexes indexes = new LocalIndexes();
  @TempDir java.nio.file.Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> events;

  private void start(InputPartitioning partitioning) {
    start(partitioning, 1);
  }

  private void start(InputPartitioning partitioning, int partitions) {
    StreamsBuilder builder = new StreamsBuilder();
    LeadTopology.addTo(
        builder,
        TopicNames.DEFAULT,
        LeadTopology.DEFAULT_DEDUPE_WINDOW,
        new ProjectionMetrics(),
        indexes,
        partitioning,
        partitions,
        new FailingRecords());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lead-projection-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(builder.build(), props, T0);
    events =
        driver.createInputTopic(
            Names.LEAD_EVENTS, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.close();
    }
  }

  private void send(String leadId, String json) {
    events.pipeInput(new TestRecord<>(bytes(leadId), bytes(json), new RecordHeaders(), T0));
  }

  private long applied() {
    return indexes.appliedOffsets().applied(0);
  }

  @Test
  void shouldKnowNothingProcessedBeforeTheFirstEvent() {
    start(InputPartitioning.CHECKED);

    assertThat(applied()).isEqualTo(-1);
  }

  @Test
  void shouldRecordTheOffsetOfAnAppliedEvent() {
    start(InputPartitioning.CHECKED);

    send("lead_1", created("e1", "lead_1", WS, AT, Map.of("firstName", "Ada")));

    assertThat(applied()).isZero();
    assertThat(indexes.partition(0).orElseThrow().lead("lead_1")).isNotNull();
  }

  @Test
  void shouldRecordTheOffsetOfADeduplicatedEvent() {
    start(InputPartitioning.CHECKED);
    send("lead_1", created("e1", "lead_1", WS, AT, Map.of("firstName", "Ada")));

    send("lead_1", created("e1", "lead_1", WS, AT, Map.of("firstName", "Ada")));

    assertThat(applied()).isEqualTo(1);
  }

  @Test
  void shouldRecordTheOffsetOfADeadLetteredEvent() {
    start(InputPartitioning.CHECKED);

    send("lead_1", updated("e1", "lead_1", WS, AT, Map.of("firstName", "Ada")));
    send("lead_2", "{not json");

    assertThat(applied()).isEqualTo(1);
  }

  @Test
  void shouldKeepTheOffsetInTheStoreARestoredTaskStartsFrom() {
    start(InputPartitioning.CHECKED);

    send("lead_1", created("e1", "lead_1", WS, AT, Map.of("firstName", "Ada")));
    send("lead_2", created("e2", "lead_2", WS, AT, Map.of("firstName", "Bo")));

    KeyValueStore<String, Long> store = driver.getKeyValueStore(Names.APPLIED_OFFSETS_STORE);
    assertThat(store.get(LeadEventProcessor.PROCESSED)).isEqualTo(1L);
  }

  @Test
  void shouldRecordTheOffsetOfEventsAppliedWhereTheyArriveWhenAny() {
    start(InputPartitioning.ANY);

    send("lead_1", created("e1", "lead_1", WS, AT, Map.of("notes", "n".repeat(2_000_000))));
    send("lead_2", created("e2", "lead_2", WS, AT, Map.of("firstName", "Bo")));

    assertThat(indexes.partition(0).orElseThrow().lead("lead_2")).isNotNull();
    assertThat(applied()).isEqualTo(1);
  }

  @Test
  void shouldNotRecordTheOffsetOfAnEventMovedToItsLeadsPartitionWhenAny() {
    // the driver delivers every record on partition 0: a lead of partition 2 is moved, and read
    // back on the same task, through the by-lead topic
    start(InputPartitioning.ANY, 4);
    String elsewhere = leadOnPartition(2, 4);

    send(elsewhere, created("e1", elsewhere, WS, AT, Map.of("firstName", "Ada")));

    assertThat(indexes.partition(0).orElseThrow().lead(elsewhere)).isNotNull();
    assertThat(applied()).isEqualTo(-1);

    String here = leadOnPartition(0, 4);
    send(here, created("e2", here, WS, AT, Map.of("firstName", "Bo")));

    assertThat(applied()).isEqualTo(1);
  }

  private static String leadOnPartition(int partition, int partitions) {
    return java.util.stream.IntStream.range(0, 1000)
        .mapToObj(i -> "lead_" + i)
        .filter(id -> LeadPartitioner.partitionOf(id, partitions) == partition)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void shouldForgetThePartitionWhenItsTaskCloses() {
    start(InputPartitioning.CHECKED);
    send("lead_1", created("e1", "lead_1", WS, AT, Map.of("firstName", "Ada")));

    driver.close();
    driver = null;

    assertThat(applied()).isEqualTo(-1);
  }
}
