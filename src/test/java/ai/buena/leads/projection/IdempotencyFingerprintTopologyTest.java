package ai.buena.leads.projection;

import static ai.buena.leads.testing.EventJson.bytes;
import static ai.buena.leads.testing.EventJson.created;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Directories;
import ai.buena.leads.lead.LeadJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The request fingerprint a keyed API write carries, kept in its de-duplication entry. */
class IdempotencyFingerprintTopologyTest {
  private static final String WS = "ws_acme";
  private static final Instant T0 = Instant.parse("2024-01-15T10:30:00Z");
  private static final String FIRST = "a".repeat(64);
  private static final String OTHER = "b".repeat(64);

  private final ProjectionMetrics metrics = new ProjectionMetrics();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> events;
  private TestOutputTopic<byte[], byte[]> dlq;
  private KeyValueStore<String, byte[]> leads;
  private WindowStore<String, byte[]> eventIds;

  @BeforeEach
  void start() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "lead-projection-test");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Directories.freshStateDir());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    driver =
        new TopologyTestDriver(
            LeadTopology.build(LeadTopology.DEFAULT_DEDUPE_WINDOW, metrics), props, T0);
    events =
        driver.createInputTopic(
            Names.LEAD_EVENTS, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ZERO);
    dlq =
        driver.createOutputTopic(
            Names.LEAD_EVENTS_DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    leads = driver.getKeyValueStore(Names.LEADS_STORE);
    eventIds = driver.getWindowStore(Names.EVENT_IDS_STORE);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void create(String firstName, String fingerprint, Instant arrival) {
    RecordHeaders headers = new RecordHeaders();
    if (fingerprint != null) {
      headers.add(DedupeEntries.FINGERPRINT_HEADER, fingerprint.getBytes(StandardCharsets.US_ASCII));
    }
    String json =
        created("evt_k", "lead_1", WS, "2024-01-15T10:30:00Z", Map.of("firstName", firstName));
    events.pipeInput(new TestRecord<>(bytes("lead_1"), bytes(json), headers, arrival));
  }

  private byte[] storedEntry() {
    try (WindowStoreIterator<byte[]> entries =
        eventIds.fetch(DedupeEntries.key("lead_1", "evt_k"), Instant.EPOCH, T0.plus(Duration.ofDays(1)))) {
      assertThat(entries.hasNext()).as("an entry for the event").isTrue();
      return entries.next().value;
    }
  }

  @Test
  void shouldKeepTheFingerprintAKeyedWriteCarriesWithItsEventId() {
    create("Ada", FIRST, T0);

    assertThat(DedupeEntries.fingerprint(storedEntry())).contains(FIRST);
  }

  @Test
  void shouldKeepAnEntryWithoutFingerprintForAnEventThatCarriesNone() {
    create("Ada", null, T0);

    assertThat(DedupeEntries.fingerprint(storedEntry())).isEmpty();
  }

  @Test
  void shouldKeepNoFingerprintFromAMalformedHeader() {
    create("Ada", "not-a-sha256", T0);

    assertThat(DedupeEntries.fingerprint(storedEntry())).isEmpty();
  }

  @Test
  void shouldDropADuplicateFromAnotherRequestAndCountItWithoutADeadLetter() {
    create("Ada", FIRST, T0);
    create("Grace", OTHER, T0.plusSeconds(5));

    assertThat(LeadJson.fromBytes(leads.get("lead_1")).firstName()).isEqualTo("Ada");
    assertThat(DedupeEntries.fingerprint(storedEntry())).contains(FIRST);
    assertThat(metrics.deduplicatedCount()).isEqualTo(1);
    assertThat(metrics.reusedIdempotencyKeyCount()).isEqualTo(1);
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void shouldNotCountARetryOfTheSameRequestAsAReusedKey() {
    create("Ada", FIRST, T0);
    create("Ada", FIRST, T0.plusSeconds(5));

    assertThat(metrics.deduplicatedCount()).isEqualTo(1);
    assertThat(metrics.reusedIdempotencyKeyCount()).isZero();
  }

  @Test
  void shouldNotCountADuplicateAsAReusedKeyWhenTheAppliedEventCarriedNoFingerprint() {
    create("Ada", null, T0);
    create("Grace", OTHER, T0.plusSeconds(5));

    assertThat(LeadJson.fromBytes(leads.get("lead_1")).firstName()).isEqualTo("Ada");
    assertThat(metrics.reusedIdempotencyKeyCount()).isZero();
  }
}
