package ai.buena.leads.projection;

import static ai.buena.leads.testing.EventJson.bytes;
import static ai.buena.leads.testing.EventJson.contacted;
import static ai.buena.leads.testing.EventJson.created;
import static ai.buena.leads.testing.EventJson.deleted;
import static ai.buena.leads.testing.EventJson.updated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.testing.Directories;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeadTopologyTest {
  private static final String WS = "ws_acme";
  private static final Instant T0 = Instant.parse("2024-01-15T10:30:00Z");

  private ProjectionMetrics metrics = new ProjectionMetrics();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> events;
  private TestOutputTopic<String, byte[]> projections;
  private TestOutputTopic<String, byte[]> statusCounts;
  private TestOutputTopic<byte[], byte[]> dlq;
  private LeadsView leads;

  @BeforeEach
  void start() {
    startWith(new ProjectionMetrics());
  }

  /** The driver anew (the one running closed first), counting into {@code counting}. */
  private void startWith(ProjectionMetrics counting) {
    if (driver != null) {
      driver.close();
    }
    metrics = counting;
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lead-projection-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Directories.freshStateDir());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    driver =
        new TopologyTestDriver(LeadTopology.build(LeadTopology.DEFAULT_DEDUPE_WINDOW, metrics), props, T0);
    events =
        driver.createInputTopic(
            Names.LEAD_EVENTS, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
    projections =
        driver.createOutputTopic(
            Names.LEAD_PROJECTIONS, new StringDeserializer(), new ByteArrayDeserializer());
    statusCounts =
        driver.createOutputTopic(
            Names.LEAD_STATUS_COUNTS, new StringDeserializer(), new ByteArrayDeserializer());
    dlq =
        driver.createOutputTopic(
            Names.LEAD_EVENTS_DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    KeyValueStore<String, byte[]> store = driver.getKeyValueStore(Names.LEADS_STORE);
    leads = id -> store.get(id) == null ? null : ai.buena.leads.lead.LeadJson.fromBytes(store.get(id));
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void send(String leadId, String json) {
    send(leadId, json, T0);
  }

  private void send(String leadId, String json, Instant arrival) {
    events.pipeInput(new TestRecord<>(bytes(leadId), bytes(json), new RecordHeaders(), arrival));
  }

  private void create(String leadId, String eventId, Map<String, ?> data) {
    send(leadId, created(eventId, leadId, WS, "2024-01-15T10:30:00Z", data));
  }

  @Test
  void shouldWriteTheChangelogOfEveryStoreTheStartUpCheckExpects() {
    create("lead_1", "e1", Map.of("firstName", "John", "email", "john@techcorp.com"));

    assertThat(driver.producedTopicNames())
        .containsAll(LeadTopology.changelogTopics("lead-projection-test"));
    java.util.Set<String> stores = new java.util.TreeSet<>();
    LeadTopology.build(LeadTopology.DEFAULT_DEDUPE_WINDOW, metrics)
        .describe()
        .subtopologies()
        .forEach(
            sub ->
                sub.nodes().forEach(node -> {
                  if (node instanceof org.apache.kafka.streams.TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                  }
                }));
    assertThat(stores).containsExactlyInAnyOrderElementsOf(LeadTopology.LOGGED_STORES);
  }

  @Test
  void shouldStoreCreatedLeadWithDefaults() {
    create("lead_1", "e1", Map.of("firstName", "John", "email", "john@techcorp.com"));

    Lead lead = leads.get("lead_1");
    assertThat(lead.firstName()).isEqualTo("John");
    assertThat(lead.workspaceId()).isEqualTo(WS);
    assertThat(lead.status()).isEqualTo(LeadStatus.NEW);
    assertThat(lead.source().wire()).isEqualTo("api");
    assertThat(lead.createdAt()).isEqualTo(T0);
    assertThat(lead.updatedAt()).isEqualTo(T0);
    assertThat(lead.lastContactedAt()).isNull();
  }

  @Test
  void shouldPublishCreatedLeadToProjectionsAsTheApiPrintsItPlusWorkspace() {
    create("lead_1", "e1", Map.of("firstName", "John"));

    KeyValue<String, byte[]> out = projections.readKeyValue();
    assertThat(out.key).isEqualTo("lead_1");
    assertThat(new String(out.value, StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"id\":\"lead_1\",\"firstName\":\"John\",\"lastName\":null,\"email\":null,"
                + "\"linkedinUrl\":null,\"company\":null,\"title\":null,\"phone\":null,"
                + "\"location\":null,\"status\":\"new\",\"source\":\"api\",\"notes\":null,"
                + "\"tags\":[],\"customFields\":{},\"createdAt\":\"2024-01-15T10:30:00Z\","
                + "\"updatedAt\":\"2024-01-15T10:30:00Z\",\"lastContactedAt\":null,"
                + "\"workspaceId\":\"ws_acme\"}");
  }

  @Test
  void shouldApplyUpdateAsMergePatch() {
    create(
        "lead_1",
        "e1",
        Map.of(
            "firstName", "John",
            "title", "CTO",
            "tags", List.of("a", "b"),
            "customFields", Map.of("industry", "Tech", "budget", "$50k+")));
    Map<String, Object> patch = new java.util.HashMap<>();
    patch.put("title", null);
    patch.put("tags", List.of("c"));
    patch.put("customFields", new java.util.HashMap<>(Map.of("industry", "FinTech")));
    ((Map<String, Object>) patch.get("customFields")).put("budget", null);
    send("lead_1", updated("e2", "lead_1", WS, "2024-01-16T00:00:00Z", patch));

    Lead lead = leads.get("lead_1");
    assertThat(lead.firstName()).isEqualTo("John");
    assertThat(lead.title()).isNull();
    assertThat(lead.tags()).containsExactly("c");
    assertThat(lead.customFields()).containsExactly(Map.entry("industry", "FinTech"));
    assertThat(lead.updatedAt()).isEqualTo(Instant.parse("2024-01-16T00:00:00Z"));
  }

  @Test
  void shouldMarkLeadContactedWithItsContactTime() {
    create("lead_1", "e1", Map.of());
    send("lead_1", contacted("e2", "lead_1", WS, "2024-01-17T09:15:00Z"));

    Lead lead = leads.get("lead_1");
    assertThat(lead.status()).isEqualTo(LeadStatus.CONTACTED);
    assertThat(lead.lastContactedAt()).isEqualTo(Instant.parse("2024-01-17T09:15:00Z"));
  }

  @Test
  void shouldPublishNothingForAnEventThatLeavesTheLeadAsItWas() {
    create("lead_1", "e1", Map.of());
    send("lead_1", contacted("e2", "lead_1", WS, "2024-01-17T09:15:00Z"));
    projections.readKeyValuesToList();

    // another contact at the time already recorded (a new event id, so not a re-send)
    send("lead_1", contacted("e3", "lead_1", WS, "2024-01-17T09:15:00Z"));

    assertThat(projections.isEmpty()).isTrue();
    assertThat(dlq.isEmpty()).isTrue();
    assertThat(leads.get("lead_1").lastContactedAt()).isEqualTo(Instant.parse("2024-01-17T09:15:00Z"));
  }

  @Test
  void shouldRemoveDeletedLeadEverywhereAndPublishTombstone() {
    create("lead_1", "e1", Map.of());
    send("lead_1", contacted("e2", "lead_1", WS, "2024-01-17T09:15:00Z"));
    send("lead_1", deleted("e3", "lead_1", WS, "2024-01-18T00:00:00Z"));

    assertThat(leads.get("lead_1")).isNull();
    List<KeyValue<String, byte[]>> outputs = projections.readKeyValuesToList();
    assertThat(outputs.get(outputs.size() - 1).key).isEqualTo("lead_1");
    assertThat(outputs.get(outputs.size() - 1).value).isNull();
    assertThat(countsOf(WS).total()).isZero();
  }

  @Test
  void shouldCountLeadsPerStatusPerWorkspace() {
    create("lead_1", "e1", Map.of());
    create("lead_2", "e2", Map.of("status", "converted"));
    create("lead_3", "e3", Map.of());
    send("lead_3", contacted("e4", "lead_3", WS, "2024-01-17T09:15:00Z"));
    send("lead_9", created("e5", "lead_9", "ws_other", "2024-01-15T10:30:00Z", Map.of()));

    StatusCounts counts = countsOf(WS);
    assertThat(counts.count(LeadStatus.NEW)).isEqualTo(1);
    assertThat(counts.count(LeadStatus.CONTACTED)).isEqualTo(1);
    assertThat(counts.count(LeadStatus.CONVERTED)).isEqualTo(1);
    assertThat(counts.total()).isEqualTo(3);
    assertThat(countsOf("ws_other").total()).isEqualTo(1);
  }

  @Test
  void shouldPublishStatusCountsKeyedByWorkspace() {
    create("lead_1", "e1", Map.of());
    create("lead_2", "e2", Map.of("status", "cold"));

    Map<String, byte[]> latest = statusCounts.readKeyValuesToMap();
    StatusCounts counts = StatusCounts.fromJson(latest.get(WS));
    assertThat(counts.total()).isEqualTo(2);
    assertThat(new String(latest.get(WS), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"workspaceId\":\"ws_acme\",\"counts\":{\"new\":1,\"contacted\":0,\"replied\":0,"
                + "\"converted\":0,\"cold\":1},\"total\":2}");
  }

  @Test
  void shouldNotPublishStatusCountsForUpdatesThatKeepTheStatus() {
    create("lead_1", "e1", Map.of());
    statusCounts.readKeyValuesToList();
    send("lead_1", updated("e2", "lead_1", WS, "2024-01-16T00:00:00Z", Map.of("title", "CEO")));

    assertThat(statusCounts.isEmpty()).isTrue();
  }

  @Test
  void shouldSendMalformedJsonToDlqWithOriginalBytesAndHeaders() {
    RecordHeaders original = new RecordHeaders();
    original.add("trace", bytes("abc"));
    events.pipeInput(new TestRecord<>(bytes("lead_1"), bytes("{not json"), original, T0));

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("lead_1");
    assertThat(header(letter.headers(), "error.code")).isEqualTo("INVALID_JSON");
    assertThat(header(letter.headers(), "error.message")).isNotBlank();
    assertThat(header(letter.headers(), "source.topic")).isEqualTo(Names.LEAD_EVENTS);
    assertThat(header(letter.headers(), "source.partition")).isEqualTo("0");
    assertThat(header(letter.headers(), "source.offset")).isEqualTo("0");
    assertThat(header(letter.headers(), "trace")).isEqualTo("abc");
    assertThat(metrics.deadLetteredByCode()).containsEntry("INVALID_JSON", 1L);
  }

  @Test
  void shouldApplyAnEventFramedByTheSchemaRegistrysJsonSchemaSerializer() {
    byte[] json = bytes(created("e1", "lead_1", WS, "2024-01-15T10:30:00Z", Map.of("firstName", "Ada")));
    events.pipeInput(new TestRecord<>(bytes("lead_1"), schemaRegistryFramed(json), new RecordHeaders(), T0));

    assertThat(leads.get("lead_1").firstName()).isEqualTo("Ada");
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterAFramedEventThatIsNotJsonWithItsOriginalBytes() {
    byte[] avro = schemaRegistryFramed(new byte[] {0x0c, 'e', 'v', 't', 0x00, 0x02});
    events.pipeInput(new TestRecord<>(bytes("lead_1"), avro, new RecordHeaders(), T0));

    TestRecord<byte[], byte[]> letter = dlq.readRecord();
    assertThat(letter.value()).isEqualTo(avro);
    assertThat(header(letter.headers(), "error.code")).isEqualTo("INVALID_JSON");
    assertThat(header(letter.headers(), "error.message")).contains("schema id 42");
  }

  @Test
  void shouldSendEventWhoseLeadIdDiffersFromKeyToDlq() {
    send("lead_other", created("e1", "lead_1", WS, "2024-01-15T10:30:00Z", Map.of()));

    assertThat(dlqCodes()).containsExactly("KEY_MISMATCH");
    assertThat(leads.get("lead_1")).isNull();
  }

  @Test
  void shouldSendUnknownTypeToDlq() {
    send("lead_1", ai.buena.leads.testing.EventJson.envelope("e1", "LeadMerged", "lead_1", WS, "2024-01-15T10:30:00Z", Map.of()));

    assertThat(dlqCodes()).containsExactly("UNKNOWN_TYPE");
  }

  @Test
  void shouldSendBrokenFieldRuleToDlq() {
    create("lead_1", "e1", Map.of("email", "not-an-email"));

    assertThat(dlqCodes()).containsExactly("INVALID_FIELD");
    assertThat(leads.get("lead_1")).isNull();
  }

  @Test
  void shouldSendUpdateForUnknownLeadToDlq() {
    send("lead_1", updated("e1", "lead_1", WS, "2024-01-15T10:30:00Z", Map.of("title", "CTO")));
    send("lead_2", contacted("e2", "lead_2", WS, "2024-01-15T10:30:00Z"));
    send("lead_3", deleted("e3", "lead_3", WS, "2024-01-15T10:30:00Z"));

    assertThat(dlqCodes()).containsExactly("LEAD_NOT_FOUND", "LEAD_NOT_FOUND", "LEAD_NOT_FOUND");
  }

  @Test
  void shouldSendUpdateOfDeletedLeadToDlq() {
    create("lead_1", "e1", Map.of());
    send("lead_1", deleted("e2", "lead_1", WS, "2024-01-16T00:00:00Z"));
    send("lead_1", updated("e3", "lead_1", WS, "2024-01-17T00:00:00Z", Map.of("title", "CTO")));

    assertThat(dlqCodes()).containsExactly("LEAD_NOT_FOUND");
  }

  @Test
  void shouldSendCreateOfExistingLeadToDlq() {
    create("lead_1", "e1", Map.of("firstName", "John"));
    create("lead_1", "e2", Map.of("firstName", "Jane"));

    assertThat(dlqCodes()).containsExactly("LEAD_EXISTS");
    assertThat(leads.get("lead_1").firstName()).isEqualTo("John");
  }

  @Test
  void shouldSendEventOfAnotherWorkspaceToDlq() {
    create("lead_1", "e1", Map.of("firstName", "John"));
    send("lead_1", updated("e2", "lead_1", "ws_evil", "2024-01-16T00:00:00Z", Map.of("title", "x")));

    assertThat(dlqCodes()).containsExactly("WORKSPACE_MISMATCH");
    assertThat(leads.get("lead_1").title()).isNull();
  }

  @Test
  void shouldApplyGoodEventBehindBadOnes() {
    events.pipeInput(new TestRecord<>(bytes("lead_1"), bytes("garbage"), new RecordHeaders(), T0));
    events.pipeInput(new TestRecord<>(null, (byte[]) null, new RecordHeaders(), T0));
    create("lead_1", "e1", Map.of("firstName", "John"));

    assertThat(dlqCodes()).hasSize(2);
    assertThat(leads.get("lead_1").firstName()).isEqualTo("John");
  }

  /** Created (e1), contacted (e2), status replied (e3); then e2 and e1 again, six days later. */
  private void applyThreeEventsThenResendTwoOfThemSixDaysLater() {
    create("lead_1", "e1", Map.of());
    send("lead_1", contacted("e2", "lead_1", WS, "2024-01-17T00:00:00Z"));
    send("lead_1", updated("e3", "lead_1", WS, "2024-01-18T00:00:00Z", Map.of("status", "replied")));
    send("lead_1", contacted("e2", "lead_1", WS, "2024-01-17T00:00:00Z"), T0.plus(Duration.ofDays(6)));
    send("lead_1", created("e1", "lead_1", WS, "2024-01-15T10:30:00Z", Map.of()), T0.plus(Duration.ofDays(6)));
  }

  @Test
  void shouldIgnoreResentEventWithinWindowEvenAfterLaterEvents() {
    applyThreeEventsThenResendTwoOfThemSixDaysLater();

    assertThat(leads.get("lead_1").status()).isEqualTo(LeadStatus.REPLIED);
    assertThat(dlq.isEmpty()).isTrue();
    assertThat(metrics.deduplicatedCount()).isEqualTo(2);
    assertThat(metrics.appliedCount()).isEqualTo(3);
  }

  @Test
  void shouldIgnoreACopyWhoseRecordTimeIsEarlierThanTheAppliedOnes() {
    create("lead_1", "e1", Map.of());
    send("lead_1", updated("e2", "lead_1", WS, "2024-01-16T00:00:00Z", Map.of("status", "replied")),
        T0.plus(Duration.ofHours(1)));
    send("lead_1", updated("e3", "lead_1", WS, "2024-01-17T00:00:00Z", Map.of("status", "cold")),
        T0.plus(Duration.ofHours(2)));
    // the same e2 again, stamped before the applied one (another input partition, or a leader
    // whose clock is behind)
    send("lead_1", updated("e2", "lead_1", WS, "2024-01-16T00:00:00Z", Map.of("status", "replied")),
        T0.plus(Duration.ofMinutes(30)));

    assertThat(leads.get("lead_1").status()).isEqualTo(LeadStatus.COLD);
    assertThat(metrics.deduplicatedCount()).isEqualTo(1);
  }

  @Test
  void shouldRuleOutNewEventIdsWithoutReadingTheDedupeStoreAndReadItForAResentOne() {
    create("lead_1", "e1", Map.of());
    send("lead_1", contacted("e2", "lead_1", WS, "2024-01-17T00:00:00Z"));
    send("lead_1", updated("e3", "lead_1", WS, "2024-01-18T00:00:00Z", Map.of("status", "replied")));
    assertThat(metrics.dedupeFilterAnswerCount()).isEqualTo(3);
    assertThat(metrics.dedupeStoreLookupCount()).isZero();

    send("lead_1", contacted("e2", "lead_1", WS, "2024-01-17T00:00:00Z"), T0.plus(Duration.ofDays(1)));

    assertThat(metrics.dedupeStoreLookupCount()).isEqualTo(1);
    assertThat(metrics.deduplicatedCount()).isEqualTo(1);
  }

  @Test
  void shouldIgnoreResentEventsWithinTheWindowWhenTheFilterIsDroppedAtItsMemoryLimit() {
    startWith(new ProjectionMetrics(new SeenEventFilterMemory(0)));
    applyThreeEventsThenResendTwoOfThemSixDaysLater();

    assertThat(leads.get("lead_1").status()).isEqualTo(LeadStatus.REPLIED);
    assertThat(metrics.deduplicatedCount()).isEqualTo(2);
    assertThat(metrics.appliedCount()).isEqualTo(3);
    // the first id was ruled out by the empty filter, which was dropped when that id was put
    assertThat(metrics.dedupeFilterAnswerCount()).isEqualTo(1);
    assertThat(metrics.dedupeStoreLookupCount()).isEqualTo(4);
  }

  @Test
  void shouldMakeANewFilterOnceTheInstanceHasRoomForTwiceWhatTheDroppedOneNeeded() {
    SeenEventFilterMemory memory = new SeenEventFilterMemory(1024 * 1024);
    startWith(new ProjectionMetrics(memory));
    // another task's filters hold all but a few bytes: this task's filter is dropped at its first id
    long othersHold = memory.limitBytes() - 16;
    assertThat(memory.tryTake(othersHold)).isTrue();
    create("lead_1", "e1", Map.of());
    driver.advanceWallClockTime(LeadEventProcessor.SEEN_EVENTS_RETRY_INTERVAL);
    send("lead_1", contacted("e2", "lead_1", WS, "2024-01-17T00:00:00Z"));
    assertThat(metrics.dedupeFilterAnswerCount()).isEqualTo(1);
    assertThat(metrics.dedupeStoreLookupCount()).isEqualTo(1);

    memory.giveBack(othersHold);
    driver.advanceWallClockTime(LeadEventProcessor.SEEN_EVENTS_RETRY_INTERVAL);
    send("lead_1", updated("e3", "lead_1", WS, "2024-01-18T00:00:00Z", Map.of("status", "replied")));
    send("lead_1", contacted("e2", "lead_1", WS, "2024-01-17T00:00:00Z"), T0.plus(Duration.ofDays(1)));

    assertThat(metrics.dedupeFilterAnswerCount()).isEqualTo(2);
    assertThat(metrics.dedupeStoreLookupCount()).isEqualTo(2);
    assertThat(metrics.deduplicatedCount()).isEqualTo(1);
    assertThat(memory.heldBytes()).isPositive();
  }

  @Test
  void shouldMakeANewFilterThatReadsALargeStoreThroughBetweenRecordsAndThenAnswers() {
    SeenEventFilterMemory memory = new SeenEventFilterMemory(4 * 1024 * 1024);
    startWith(new ProjectionMetrics(memory));
    long othersHold = memory.limitBytes() - 16;
    assertThat(memory.tryTake(othersHold)).isTrue();
    for (int i = 0; i < 12_000; i++) {
      create("lead_" + i, "e" + i, Map.of());
    }
    memory.giveBack(othersHold);

    // the filter made again reads the store in steps every 100 ms of wall-clock time (scheduled
    // from the check that made it) until it is through; only then does it answer
    driver.advanceWallClockTime(LeadEventProcessor.SEEN_EVENTS_RETRY_INTERVAL);
    long filterAnswersBefore = metrics.dedupeFilterAnswerCount();
    int[] sent = {0};
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              driver.advanceWallClockTime(Duration.ofMillis(100));
              send("lead_1", contacted("c" + sent[0]++, "lead_1", WS, "2024-01-17T00:00:00Z"));
              return metrics.dedupeFilterAnswerCount() > filterAnswersBefore;
            });
    send("lead_7", created("e7", "lead_7", WS, "2024-01-15T10:30:00Z", Map.of()), T0.plus(Duration.ofDays(1)));

    assertThat(metrics.deduplicatedCount()).isEqualTo(1);
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldApplyResentEventAgainAfterWindow() {
    create("lead_1", "e1", Map.of());
    send("lead_1", contacted("e2", "lead_1", WS, "2024-01-17T00:00:00Z"));
    send("lead_1", updated("e3", "lead_1", WS, "2024-01-18T00:00:00Z", Map.of("status", "new")));
    send("lead_1", contacted("e2", "lead_1", WS, "2024-01-17T00:00:00Z"), T0.plus(Duration.ofDays(8)));

    assertThat(leads.get("lead_1").status()).isEqualTo(LeadStatus.CONTACTED);
    assertThat(metrics.deduplicatedCount()).isZero();
  }

  @Test
  void shouldNotTreatSameEventIdOfAnotherLeadAsDuplicate() {
    create("lead_1", "same", Map.of());
    create("lead_2", "same", Map.of());

    assertThat(leads.get("lead_2")).isNotNull();
  }

  @Test
  void shouldProcessRejectedEventAgainWhenResent() {
    send("lead_1", updated("e1", "lead_1", WS, "2024-01-15T10:30:00Z", Map.of("title", "CTO")));
    send("lead_1", updated("e1", "lead_1", WS, "2024-01-15T10:30:00Z", Map.of("title", "CTO")));

    assertThat(dlqCodes()).containsExactly("LEAD_NOT_FOUND", "LEAD_NOT_FOUND");
  }

  private interface LeadsView {
    Lead get(String leadId);
  }

  /** Confluent's wire format: magic byte 0, schema id 42 in four bytes, then the payload. */
  private static byte[] schemaRegistryFramed(byte[] payload) {
    return ByteBuffer.allocate(5 + payload.length).put((byte) 0).putInt(42).put(payload).array();
  }

  private List<String> dlqCodes() {
    List<String> codes = new ArrayList<>();
    for (TestRecord<byte[], byte[]> letter : dlq.readRecordsToList()) {
      codes.add(header(letter.headers(), "error.code"));
    }
    return codes;
  }

  private StatusCounts countsOf(String workspace) {
    KeyValueStore<String, org.apache.kafka.streams.state.ValueAndTimestamp<StatusCounts>> store =
        driver.getTimestampedKeyValueStore(Names.STATUS_COUNTS_STORE);
    return store.get(workspace).value();
  }

  private static String header(Headers headers, String name) {
    Header header = headers.lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
