package ai.buena.leads.projection;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Directories;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.testing.EventJson;
import ai.buena.leads.testing.ReferenceProjection;
import ai.buena.leads.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Malformed, truncated, oversized, wrongly typed, unknown-type, wrongly keyed, other-workspace and
 * out-of-order events thrown between good ones: the topology never stops, every good event is
 * applied, every bad one is dead-lettered with a reason, and the counter agrees with the DLQ.
 */
class LeadTopologyFuzzTest {
  private static final Instant T0 = Instant.parse("2024-01-15T10:30:00Z");

  @Test
  void shouldApplyEveryGoodEventAndDeadLetterEveryBadOne() {
    Seeded.check(60, LeadTopologyFuzzTest::assertAppliedOrDeadLettered);
  }

  private static void assertAppliedOrDeadLettered(Random random) {
    ProjectionMetrics metrics = new ProjectionMetrics();
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fuzz");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Directories.freshStateDir());
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver =
        new TopologyTestDriver(LeadTopology.build(Duration.ofDays(7), metrics), props, T0)) {
      TestInputTopic<byte[], byte[]> events =
          driver.createInputTopic(
              Names.LEAD_EVENTS, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ofSeconds(1));
      TestOutputTopic<byte[], byte[]> dlq =
          driver.createOutputTopic(
              Names.LEAD_EVENTS_DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      ReferenceProjection reference = new ReferenceProjection();
      long wronglyKeyed = 0;
      int count = 50 + random.nextInt(150);
      for (int i = 0; i < count; i++) {
        String leadId = "lead_" + random.nextInt(12);
        String json = randomEvent(random, leadId, i);
        int kind = random.nextInt(10);
        if (kind == 0) {
          events.pipeInput(new TestRecord<>(utf8("lead_other"), utf8(json), new RecordHeaders(), (Instant) null));
          wronglyKeyed++;
          continue;
        }
        String value = kind == 1 ? mangle(random, json) : json;
        events.pipeInput(utf8(leadId), utf8(value));
        reference.apply(value);
      }

      List<TestRecord<byte[], byte[]>> letters = dlq.readRecordsToList();
      assertThat(letters).hasSize((int) (reference.deadLetters() + wronglyKeyed));
      assertThat(letters)
          .allSatisfy(
              letter -> {
                assertThat(letter.headers().lastHeader("error.code")).isNotNull();
                assertThat(letter.headers().lastHeader("error.message")).isNotNull();
              });
      assertThat(metrics.deadLetteredCount()).isEqualTo(letters.size());
      Map<String, Lead> stored = new HashMap<>();
      KeyValueStore<String, byte[]> leads = driver.getKeyValueStore(Names.LEADS_STORE);
      try (KeyValueIterator<String, byte[]> all = leads.all()) {
        all.forEachRemaining(entry -> stored.put(entry.key, LeadJson.fromBytes(entry.value)));
      }
      Map<String, Lead> expected = new HashMap<>(reference.leadsOf("ws_a"));
      expected.putAll(reference.leadsOf("ws_b"));
      assertThat(stored).isEqualTo(expected);
    }
  }

  private static String randomEvent(Random random, String leadId, int i) {
    String workspace = random.nextInt(8) == 0 ? "ws_b" : "ws_a";
    String at = T0.plusSeconds(random.nextInt(100_000)).toString();
    String eventId = random.nextInt(10) == 0 ? "e" + random.nextInt(5) : "e" + i;
    return switch (random.nextInt(6)) {
      case 0, 1 -> EventJson.created(eventId, leadId, workspace, at, Map.of("firstName", "N" + i, "status", pick(random, "new", "cold", "replied")));
      case 2 -> EventJson.updated(eventId, leadId, workspace, at, randomPatch(random, i));
      case 3 -> EventJson.contacted(eventId, leadId, workspace, at);
      case 4 -> EventJson.deleted(eventId, leadId, workspace, at);
      default -> EventJson.envelope(eventId, pick(random, "LeadMerged", "leadCreated", ""), leadId, workspace, at, Map.of());
    };
  }

  private static Map<String, Object> randomPatch(Random random, int i) {
    Map<String, Object> patch = new HashMap<>();
    switch (random.nextInt(5)) {
      case 0 -> patch.put("title", "T" + i);
      case 1 -> patch.put("status", pick(random, "converted", "nope"));
      case 2 -> patch.put("email", pick(random, "a@b.co", "not-an-email"));
      case 3 -> patch.put("tags", random.nextBoolean() ? List.of("x") : List.of(1, 2));
      default -> patch.put("customFields", Map.of("k" + i, random.nextBoolean() ? "v" : List.of()));
    }
    return patch;
  }

  /** Truncated, oversized, retyped or plain garbage versions of an event. */
  private static String mangle(Random random, String json) {
    return switch (random.nextInt(6)) {
      case 0 -> json.substring(0, random.nextInt(json.length()));
      case 1 -> json.replace("\"data\":{", "\"data\":{\"notes\":\"" + "x".repeat(10_001) + "\",");
      case 2 -> json.replace("\"occurredAt\":\"", "\"occurredAt\":\"yesterday ");
      case 3 -> json.replaceFirst("\"leadId\":\"[^\"]*\"", "\"leadId\":42");
      case 4 -> "[" + json + "]";
      default -> new String(new byte[] {(byte) 0xc3, 0x28, 0x7b}, StandardCharsets.ISO_8859_1);
    };
  }

  private static String pick(Random random, String... values) {
    return values[random.nextInt(values.length)];
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
