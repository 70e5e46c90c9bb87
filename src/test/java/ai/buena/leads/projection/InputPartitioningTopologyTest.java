package ai.buena.leads.projection;

import static ai.buena.leads.testing.EventJson.bytes;
import static ai.buena.leads.testing.EventJson.created;
import static ai.buena.leads.testing.EventJson.updated;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Directories;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The two input partitionings on a 4-partition lead-events. The test driver delivers every record
 * on partition 0, so a lead that Java's default partitioner puts elsewhere arrives on the wrong
 * partition, as from a librdkafka producer with its default (CRC32) partitioner.
 */
class InputPartitioningTopologyTest {
  private static final int PARTITIONS = 4;
  private static final String WS = "ws_acme";
  private static final Instant T0 = Instant.parse("2024-01-15T10:30:00Z");
  private static final String AT = "2024-01-15T10:30:00Z";
  private static final String LEAD_ON_0 = leadOnPartition(0);
  private static final String LEAD_ON_2 = leadOnPartition(2);

  private final ProjectionMetrics metrics = new ProjectionMetrics();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> events;
  private TestOutputTopic<String, byte[]> projections;
  private TestOutputTopic<byte[], byte[]> dlq;

  private void start(InputPartitioning partitioning) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lead-projection-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Directories.freshStateDir());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    driver = new TopologyTestDriver(topology(partitioning), props, T0);
    events =
        driver.createInputTopic(
            Names.LEAD_EVENTS, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
    projections =
        driver.createOutputTopic(
            Names.LEAD_PROJECTIONS, new StringDeserializer(), new ByteArrayDeserializer());
    dlq =
        driver.createOutputTopic(
            Names.LEAD_EVENTS_DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private Topology topology(InputPartitioning partitioning) {
    return LeadTopology.build(LeadTopology.DEFAULT_DEDUPE_WINDOW, metrics, partitioning, PARTITIONS);
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.close();
    }
  }

  private void create(String leadId, String eventId) {
    send(leadId, created(eventId, leadId, WS, AT, Map.of("firstName", "Ada")));
  }

  private void send(String leadId, String json) {
    events.pipeInput(new TestRecord<>(bytes(leadId), bytes(json), new RecordHeaders(), T0));
  }

  private Lead stored(String leadId) {
    byte[] json = driver.<String, byte[]>getKeyValueStore(Names.LEADS_STORE).get(leadId);
    return json == null ? null : LeadJson.fromBytes(json);
  }

  @Test
  void shouldApplyEventOnThePartitionJavasDefaultPartitionerGivesItsLead() {
    start(InputPartitioning.CHECKED);

    create(LEAD_ON_0, "e1");

    assertThat(stored(LEAD_ON_0)).isNotNull();
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterEventOnAnotherPartitionWithWrongPartitionAndNotApplyIt() {
    start(InputPartitioning.CHECKED);

    create(LEAD_ON_2, "e1");

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(header(letter.headers(), "error.code")).isEqualTo("WRONG_PARTITION");
    assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo(LEAD_ON_2);
    assertThat(stored(LEAD_ON_2)).isNull();
    assertThat(projections.isEmpty()).isTrue();
  }

  @Test
  void shouldNameBothPartitionsAndTheProducerFixInTheWrongPartitionMessage() {
    start(InputPartitioning.CHECKED);

    create(LEAD_ON_2, "e1");

    assertThat(header(dlq.readRecord().headers(), "error.message"))
        .contains("belongs to partition 2 of 4")
        .contains("arrived on partition 0")
        .contains("Java's default partitioner")
        .contains("partitioner=murmur2_random")
        .contains("--input-partitioning any");
  }

  @Test
  void shouldCountWrongPartitionDeadLettersUnderTheirCode() {
    start(InputPartitioning.CHECKED);

    create(LEAD_ON_2, "e1");
    send(LEAD_ON_2, updated("e2", LEAD_ON_2, WS, AT, Map.of("lastName", "L")));

    assertThat(metrics.deadLetteredByCode()).containsEntry("WRONG_PARTITION", 2L);
    assertThat(metrics.appliedCount()).isZero();
  }

  @Test
  void shouldDeadLetterAnEventTooLargeToRepartitionBeforeRepartitioningIt() {
    start(InputPartitioning.ANY);

    send(LEAD_ON_2, created("e1", LEAD_ON_2, WS, AT, Map.of("notes", "n".repeat(2_000_000))));
    create(LEAD_ON_0, "e2");

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(header(letter.headers(), "error.code")).isEqualTo("TOO_LARGE");
    assertThat(header(letter.headers(), "source.topic")).isEqualTo(Names.LEAD_EVENTS);
    assertThat(header(letter.headers(), "error.value.truncated")).isEqualTo("true");
    assertThat(letter.value().length).isLessThanOrEqualTo(DeadLetterRecord.MAX_VALUE_BYTES);
    assertThat(dlq.isEmpty()).isTrue();
    assertThat(stored(LEAD_ON_2)).isNull();
    assertThat(stored(LEAD_ON_0)).isNotNull();
    assertThat(metrics.deadLetteredByCode()).containsEntry("TOO_LARGE", 1L);
  }

  @Test
  void shouldDeadLetterAnEventWhoseHeadersAreTooLargeToRepartition() {
    start(InputPartitioning.ANY);
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace", new byte[RepartitionGate.MAX_KEY_AND_HEADER_BYTES]);

    createWith(headers);

    assertThat(header(dlq.readRecord().headers(), "error.code")).isEqualTo("TOO_LARGE");
    assertThat(stored(LEAD_ON_2)).isNull();
  }

  @Test
  void shouldCountEachHeadersFramingWhenSizingAnEventToRepartition() {
    start(InputPartitioning.ANY);
    RecordHeaders headers = new RecordHeaders();
    // 12,000 one-byte names without values: 12,000 bytes of names, about three times as many
    // written, with each header's two lengths
    for (int i = 0; i < 12_000; i++) {
      headers.add("x", null);
    }

    createWith(headers);

    assertThat(header(dlq.readRecord().headers(), "error.code")).isEqualTo("TOO_LARGE");
    assertThat(stored(LEAD_ON_2)).isNull();
  }

  /** A creation of {@code LEAD_ON_2} on its partition, carrying {@code headers}. */
  private void createWith(RecordHeaders headers) {
    events.pipeInput(
        new TestRecord<>(
            bytes(LEAD_ON_2),
            bytes(created("e1", LEAD_ON_2, WS, AT, Map.of("firstName", "Ada"))),
            headers,
            T0));
  }

  @Test
  void shouldApplyEventsOnAnyPartitionWhenTheInputIsRepartitionedByLead() {
    start(InputPartitioning.ANY);

    create(LEAD_ON_2, "e1");
    send(LEAD_ON_2, updated("e2", LEAD_ON_2, WS, AT, Map.of("lastName", "Lovelace")));

    assertThat(stored(LEAD_ON_2).lastName()).isEqualTo("Lovelace");
    assertThat(dlq.isEmpty()).isTrue();
    assertThat(metrics.appliedCount()).isEqualTo(2);
  }

  @Test
  void shouldFeedTheLeadsStoreFromLeadEventsAndTheByLeadTopicWhenAny() {
    assertThat(sourceTopicsOfTheLeadsStore(topology(InputPartitioning.ANY)))
        .containsExactlyInAnyOrder(
            Names.LEAD_EVENTS, LeadTopology.byLeadTopic("lead-projection-test"));
    assertThat(sourceTopicsOfTheLeadsStore(topology(InputPartitioning.CHECKED)))
        .containsExactly(Names.LEAD_EVENTS);
  }

  @Test
  void shouldApplyAnEventOnItsLeadsPartitionWithoutMovingItWhenAny() {
    start(InputPartitioning.ANY);

    create(LEAD_ON_0, "e1");

    assertThat(stored(LEAD_ON_0)).isNotNull();
    assertThat(driver.producedTopicNames())
        .doesNotContain(LeadTopology.byLeadTopic("lead-projection-test"));
  }

  @Test
  void shouldCountOnlyTheEventsItMovesWhenAny() {
    start(InputPartitioning.ANY);

    create(LEAD_ON_0, "e1");
    create(LEAD_ON_2, "e2");
    send(LEAD_ON_2, updated("e3", LEAD_ON_2, WS, AT, Map.of("lastName", "Lovelace")));

    assertThat(metrics.movedCount()).isEqualTo(2);
    assertThat(metrics.appliedCount()).isEqualTo(3);
  }

  @Test
  void shouldMoveAnEventOnAnotherPartitionThroughTheByLeadTopicWhenAny() {
    start(InputPartitioning.ANY);

    create(LEAD_ON_2, "e1");

    assertThat(stored(LEAD_ON_2)).isNotNull();
    assertThat(driver.producedTopicNames())
        .contains(LeadTopology.byLeadTopic("lead-projection-test"));
  }

  @Test
  void shouldNameLeadEventsWithoutAStampInTheDeadLetterOfAnEventAppliedWhereItArrivedWhenAny() {
    start(InputPartitioning.ANY);
    create(LEAD_ON_0, "e1");

    create(LEAD_ON_0, "e2");

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(header(letter.headers(), "error.code")).isEqualTo("LEAD_EXISTS");
    assertThat(values(letter.headers(), "source.topic")).containsExactly(Names.LEAD_EVENTS);
    assertThat(values(letter.headers(), "source.offset")).containsExactly("1");
    assertThat(header(letter.headers(), SourceHeaders.TOPIC)).isNull();
  }

  @Test
  void shouldNameLeadEventsAsTheSourceOfADeadLetterWhenRepartitioned() {
    start(InputPartitioning.ANY);
    create(LEAD_ON_2, "e1");

    create(LEAD_ON_2, "e2");

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(header(letter.headers(), "error.code")).isEqualTo("LEAD_EXISTS");
    assertThat(values(letter.headers(), "source.topic")).containsExactly(Names.LEAD_EVENTS);
    assertThat(values(letter.headers(), "source.partition")).containsExactly("0");
    assertThat(values(letter.headers(), "source.offset")).containsExactly("1");
  }

  @Test
  void shouldDropAProducersStampHeadersFromTheDeadLetterOfAnEventAppliedWhereItArrivedWhenAny() {
    start(InputPartitioning.ANY);
    RecordHeaders forged = new RecordHeaders();
    forged.add(SourceHeaders.PARTITION, bytes("3"));

    events.pipeInput(new TestRecord<>(bytes(LEAD_ON_0), bytes("{not json"), forged, T0));

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(values(letter.headers(), "source.partition")).containsExactly("0");
    assertThat(header(letter.headers(), SourceHeaders.PARTITION)).isNull();
  }

  private static List<String> sourceTopicsOfTheLeadsStore(Topology topology) {
    TopologyDescription.Subtopology applying =
        topology.describe().subtopologies().stream()
            .filter(
                sub ->
                    sub.nodes().stream().anyMatch(node -> node.name().equals("apply-lead-events")))
            .findFirst()
            .orElseThrow();
    // Kafka Streams names the repartition topic after the application id only at run time.
    return applying.nodes().stream()
        .filter(node -> node instanceof TopologyDescription.Source)
        .flatMap(node -> ((TopologyDescription.Source) node).topicSet().stream())
        .map(topic -> topic.equals(LeadTopology.BY_LEAD_REPARTITION + "-repartition")
            ? "lead-projection-test-" + topic
            : topic)
        .toList();
  }

  private static String leadOnPartition(int partition) {
    return IntStream.range(0, 1000)
        .mapToObj(i -> "lead_" + i)
        .filter(id -> LeadPartitioner.partitionOf(id, PARTITIONS) == partition)
        .findFirst()
        .orElseThrow();
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static List<String> values(Headers headers, String name) {
    return StreamSupport.stream(headers.headers(name).spliterator(), false)
        .map(h -> new String(h.value(), StandardCharsets.UTF_8))
        .toList();
  }
}
