package ai.buena.leads.projection;

import static ai.buena.leads.projection.DeadLetterRecordTest.header;
import static ai.buena.leads.testing.EventJson.bytes;
import static ai.buena.leads.testing.EventJson.created;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Directories;
import ai.buena.leads.events.EventError;
import ai.buena.leads.index.LocalIndexes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** issue 11: dead letters always fit, always carry our headers, and a failing record moves on. */
class DeadLetterTopologyTest {
  private static final String WS = "ws_acme";
  private static final Instant T0 = Instant.parse("2024-01-15T10:30:00Z");
  private static final EventError REJECTED =
      new EventError(EventError.OUTPUT_REJECTED, "could not write to lead-projections");

  private final ProjectionMetrics metrics = new ProjectionMetrics();
  private final FailingRecords failures = new FailingRecords();
  private final DeadLetterTopicLimit deadLetterLimit = new DeadLetterTopicLimit();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> events;
  private TestOutputTopic<byte[], byte[]> dlq;
  private KeyValueStore<String, byte[]> leads;

  @BeforeEach
  void start() {
    start(InputPartitioning.CHECKED, 1);
  }

  private void start(InputPartitioning partitioning, int inputPartitions) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dead-letter-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Directories.freshStateDir());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    props.putAll(ErrorHandling.streamsProperties(metrics, failures));
    StreamsBuilder builder = new StreamsBuilder();
    LeadTopology.addTo(
        builder,
        TopicNames.DEFAULT,
        LeadTopology.DEFAULT_DEDUPE_WINDOW,
        metrics,
        new LocalIndexes(),
        partitioning,
        inputPartitions,
        failures,
        deadLetterLimit);
    driver = new TopologyTestDriver(builder.build(), props, T0);
    events =
        driver.createInputTopic(
            Names.LEAD_EVENTS, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
    dlq =
        driver.createOutputTopic(
            Names.LEAD_EVENTS_DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    leads = driver.getKeyValueStore(Names.LEADS_STORE);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void shouldDeadLetterATwoMegabyteEventAsTooLargeWithATruncatedCopy() {
    String huge = created("e1", "lead_1", WS, "2024-01-15T10:30:00Z", Map.of("notes", "x".repeat(2_000_000)));

    events.pipeInput(bytes("lead_1"), bytes(huge));

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(header(letter.headers(), "error.code")).isEqualTo("TOO_LARGE");
    assertThat(letter.value()).hasSize(DeadLetterRecord.MAX_VALUE_BYTES);
    assertThat(header(letter.headers(), "error.value.truncated")).isEqualTo("true");
    assertThat(header(letter.headers(), "error.value.size")).isEqualTo(Integer.toString(bytes(huge).length));
    assertThat(header(letter.headers(), "source.topic")).isEqualTo(Names.LEAD_EVENTS);
    assertThat(header(letter.headers(), "source.partition")).isEqualTo("0");
    assertThat(header(letter.headers(), "source.offset")).isEqualTo("0");
    assertThat(metrics.deadLetteredByCode()).containsEntry("TOO_LARGE", 1L);
  }

  @Test
  void shouldCutTheDeadLetterOfALargeEventToWhatTheDeadLetterTopicTakes() {
    deadLetterLimit.topicTakes(600_000);
    String huge = created("e1", "lead_1", WS, "2024-01-15T10:30:00Z", Map.of("notes", "x".repeat(2_000_000)));

    events.pipeInput(bytes("lead_1"), bytes(huge));

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(header(letter.headers(), "error.code")).isEqualTo("TOO_LARGE");
    assertThat(letter.value()).hasSize(deadLetterLimit.maxValueBytes());
    assertThat(deadLetterLimit.maxValueBytes()).isLessThan(600_000);
    assertThat(header(letter.headers(), "error.value.size")).isEqualTo(Integer.toString(bytes(huge).length));
  }

  @Test
  void shouldCutTheDeadLetterOfAnEventTooLargeToMoveToWhatTheDeadLetterTopicTakes() {
    driver.close();
    start(InputPartitioning.ANY, 4);
    deadLetterLimit.topicTakes(600_000);
    String misplaced = leadNotOnPartitionZero(4);

    events.pipeInput(
        bytes(misplaced),
        bytes(created("e1", misplaced, WS, "2024-01-15T10:30:00Z", Map.of("notes", "x".repeat(1_100_000)))));

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(header(letter.headers(), "error.code")).isEqualTo("TOO_LARGE");
    assertThat(letter.value()).hasSize(deadLetterLimit.maxValueBytes());
  }

  @Test
  void shouldPrefixAnErrorCodePlantedByTheProducerInTheDeadLetter() {
    RecordHeaders planted = new RecordHeaders();
    planted.add("error.code", bytes("LEAD_EXISTS"));

    events.pipeInput(new TestRecord<>(bytes("lead_1"), bytes("not json"), planted, T0));

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(letter.headers().headers("error.code")).hasSize(1);
    assertThat(header(letter.headers(), "error.code")).isEqualTo("INVALID_JSON");
    assertThat(header(letter.headers(), "original.error.code")).isEqualTo("LEAD_EXISTS");
  }

  @Test
  void shouldDeadLetterAnExcerptOfARecordThatFailedThreeTimesInsteadOfApplyingIt() {
    for (int i = 0; i < FailingRecords.DEAD_LETTER_AFTER; i++) {
      failures.failed(Names.LEAD_EVENTS, 0, 0L, REJECTED);
    }

    events.pipeInput(bytes("lead_1"), bytes(created("e1", "lead_1", WS, "2024-01-15T10:30:00Z",
        Map.of("notes", "y".repeat(9_000), "firstName", "John"))));

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(header(letter.headers(), "error.code")).isEqualTo("OUTPUT_REJECTED");
    assertThat(header(letter.headers(), "source.offset")).isEqualTo("0");
    assertThat(letter.value().length).isLessThanOrEqualTo(DeadLetterRecord.EXCERPT_VALUE_BYTES);
    assertThat(leads.get("lead_1")).isNull();
    assertThat(metrics.deadLetteredByCode()).containsEntry("OUTPUT_REJECTED", 1L);
  }

  @Test
  void shouldDeadLetterAnExcerptOfAMovedEventWhoseDeadLetterFailedWhereItWasSent() {
    driver.close();
    start(InputPartitioning.ANY, 4);
    String moved = leadNotOnPartitionZero(4);
    // counted where its refused dead letter said it was sent: lead-events 0@0, not the by-lead topic
    for (int i = 0; i < FailingRecords.DEAD_LETTER_AFTER; i++) {
      failures.failed(Names.LEAD_EVENTS, 0, 0L, REJECTED);
    }

    events.pipeInput(bytes(moved), bytes(created("e1", moved, WS, "2024-01-15T10:30:00Z", Map.of())));

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(header(letter.headers(), "error.code")).isEqualTo("OUTPUT_REJECTED");
    assertThat(header(letter.headers(), "source.topic")).isEqualTo(Names.LEAD_EVENTS);
    assertThat(header(letter.headers(), "source.offset")).isEqualTo("0");
    assertThat(leads.get(moved)).isNull();
    assertThat(metrics.movedCount()).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterAnExcerptOfAnEventTooLargeToMoveWhoseDeadLetterFailedThreeTimes() {
    driver.close();
    start(InputPartitioning.ANY, 4);
    String misplaced = leadNotOnPartitionZero(4);
    for (int i = 0; i < FailingRecords.DEAD_LETTER_AFTER; i++) {
      failures.failed(Names.LEAD_EVENTS, 0, 0L, REJECTED);
    }

    events.pipeInput(
        bytes(misplaced),
        bytes(created("e1", misplaced, WS, "2024-01-15T10:30:00Z", Map.of("notes", "x".repeat(1_100_000)))));

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(header(letter.headers(), "error.code")).isEqualTo("OUTPUT_REJECTED");
    assertThat(letter.value()).hasSize(DeadLetterRecord.EXCERPT_VALUE_BYTES);
    assertThat(header(letter.headers(), "source.offset")).isEqualTo("0");
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldSkipAnEventTooLargeToMoveWhoseExcerptFailedToo() {
    driver.close();
    start(InputPartitioning.ANY, 4);
    String misplaced = leadNotOnPartitionZero(4);
    for (int i = 0; i < FailingRecords.SKIP_AFTER; i++) {
      failures.failed(Names.LEAD_EVENTS, 0, 0L, REJECTED);
    }

    events.pipeInput(
        bytes(misplaced),
        bytes(created("e1", misplaced, WS, "2024-01-15T10:30:00Z", Map.of("notes", "x".repeat(1_100_000)))));

    assertThat(dlq.isEmpty()).isTrue();
    assertThat(metrics.skippedByCode()).containsEntry("OUTPUT_REJECTED", 1L);
  }

  @Test
  void shouldProcessARecordThatFailedFewerThanThreeTimes() {
    for (int i = 0; i < FailingRecords.DEAD_LETTER_AFTER - 1; i++) {
      failures.failed(Names.LEAD_EVENTS, 0, 0L, REJECTED);
    }

    events.pipeInput(bytes("lead_1"), bytes(created("e1", "lead_1", WS, "2024-01-15T10:30:00Z", Map.of())));

    assertThat(leads.get("lead_1")).isNotNull();
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldSkipAndCountARecordWhoseDeadLetterFailedToo() {
    for (int i = 0; i < FailingRecords.SKIP_AFTER; i++) {
      failures.failed(Names.LEAD_EVENTS, 0, 0L, REJECTED);
    }

    events.pipeInput(bytes("lead_1"), bytes(created("e1", "lead_1", WS, "2024-01-15T10:30:00Z", Map.of())));
    events.pipeInput(bytes("lead_2"), bytes(created("e2", "lead_2", WS, "2024-01-15T10:30:00Z", Map.of())));

    assertThat(dlq.isEmpty()).isTrue();
    assertThat(leads.get("lead_1")).isNull();
    assertThat(leads.get("lead_2")).isNotNull();
    assertThat(metrics.skippedByCode()).containsEntry("OUTPUT_REJECTED", 1L);
  }

  /** A lead Java's default partitioner puts on another partition than 0 of {@code partitions}. */
  private static String leadNotOnPartitionZero(int partitions) {
    return IntStream.range(0, 1000)
        .mapToObj(i -> "lead_" + i)
        .filter(id -> LeadPartitioner.partitionOf(id, partitions) != 0)
        .findFirst()
        .orElseThrow();
  }
}
