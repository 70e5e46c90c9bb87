package ai.buena.leads.runtime;

import static ai.buena.leads.testing.EventJson.created;
import static ai.buena.leads.testing.EventJson.updated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.projection.InputPartitioning;
import ai.buena.leads.projection.LeadPartitioner;
import ai.buena.leads.projection.Names;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.testing.HttpCalls;
import ai.buena.leads.testing.RunningApp;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TestTopics;
import ai.buena.leads.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events a producer sent to another partition than Java's default partitioner gives their leadId
 * (as a librdkafka client with its default CRC32 partitioner does), through a raw producer with an
 * explicit partition, on a real broker.
 */
class WrongPartitionIT {
  private static final Duration APPLIED = Duration.ofSeconds(120);
  private static final String AT = "2026-01-01T00:00:00Z";
  private static final int PARTITIONS =
      TopicDeclarations.loadFromClasspath().get(Names.LEAD_EVENTS).partitions();

  @TempDir Path dataDir;

  @BeforeAll
  static void topics() {
    TestTopics.ensureDeclaredTopics();
  }

  @Test
  void shouldDeadLetterAnEventOnAnotherPartitionWithWrongPartitionAndNotApplyItWhenInputPartitioningIsChecked()
      throws Exception {
    String workspace = uniqueId("ws_");
    String leadId = uniqueId("lead_");
    String key = apiKeyFor(workspace);
    sendToWrongPartition(leadId, created("e1", leadId, workspace, AT, Map.of("firstName", "Ada")));

    try (RunningApp app = RunningApp.start(config("checked", InputPartitioning.CHECKED))) {
      await()
          .atMost(APPLIED)
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertThat(deadLetterCodesOf(leadId)).containsExactly("WRONG_PARTITION"));

      assertThat(app.leadsOf(workspace)).isEmpty();
      assertThat(getLead(app, leadId, key).status()).isEqualTo(404);
      assertThat(app.app().projection().metrics().deadLetteredByCode())
          .containsKey("WRONG_PARTITION");
    }
  }

  @Test
  void shouldApplyEventsOnAnotherPartitionAndFindTheLeadByIdWhenInputPartitioningIsAny()
      throws Exception {
    String workspace = uniqueId("ws_");
    String leadId = uniqueId("lead_");
    String key = apiKeyFor(workspace);
    sendToWrongPartition(leadId, created("e1", leadId, workspace, AT, Map.of("firstName", "Ada")));
    sendToWrongPartition(
        leadId, updated("e2", leadId, workspace, "2026-01-02T00:00:00Z", Map.of("lastName", "Lovelace")));

    try (RunningApp app = RunningApp.start(config("any", InputPartitioning.ANY))) {
      untilApplied(
              () -> {
                HttpCalls.Answer answer = getLead(app, leadId, key);
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                assertThat(answer.json().at("/data/lead/lastName").asText()).isEqualTo("Lovelace");
              });
      assertThat(deadLetterCodesOf(leadId)).isEmpty();
    }
  }

  @Test
  void shouldApplyEventsOnAndOffTheirLeadsPartitionsTogetherWhenInputPartitioningIsAny()
      throws Exception {
    String workspace = uniqueId("ws_");
    String placed = uniqueId("lead_");
    String misplaced = uniqueId("lead_");
    String key = apiKeyFor(workspace);
    sendToItsPartition(placed, created("e1", placed, workspace, AT, Map.of("firstName", "Ada")));
    sendToWrongPartition(
        misplaced, created("e2", misplaced, workspace, AT, Map.of("firstName", "Grace")));
    // that an event on its lead's partition is not moved: InputPartitioningTopologyTest (Kafka
    // Streams purges the by-lead topic once committed, so its records cannot be checked here)
    try (RunningApp app = RunningApp.start(config("placed", InputPartitioning.ANY))) {
      untilApplied(
              () -> {
                assertThat(getLead(app, placed, key).status()).isEqualTo(200);
                assertThat(getLead(app, misplaced, key).status()).isEqualTo(200);
              });
      assertThat(deadLetterCodesOf(placed)).isEmpty();
      assertThat(deadLetterCodesOf(misplaced)).isEmpty();
      assertThat(app.app().projection().metrics().movedCount()).isPositive();
    }
  }

  /** Polls {@code assertion} until it holds (the app replays the shared lead-events first). */
  private static void untilApplied(ThrowingRunnable assertion) {
    await()
        .atMost(APPLIED)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(assertion);
  }

  private AppConfig config(String name, InputPartitioning partitioning) {
    return RunningApp.config(
            "it-wrongpart-" + name + "-" + UUID.randomUUID(), dataDir.resolve(name), "exactly_once_v2")
        .withInputPartitioning(partitioning);
  }

  private static void sendToItsPartition(String leadId, String json) throws Exception {
    send(LeadPartitioner.partitionOf(leadId, PARTITIONS), leadId, json);
  }

  /** Sends the event keyed by its leadId, but to the partition after the one it belongs to. */
  private static void sendToWrongPartition(String leadId, String json) throws Exception {
    send((LeadPartitioner.partitionOf(leadId, PARTITIONS) + 1) % PARTITIONS, leadId, json);
  }

  private static void send(int partition, String leadId, String json) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer
          .send(new ProducerRecord<>(Names.LEAD_EVENTS, partition, utf8(leadId), utf8(json)))
          .get(60, TimeUnit.SECONDS);
    }
  }

  private static String apiKeyFor(String workspace) {
    String key = ApiKeyFormat.generate();
    try (ApiKeyStore keys = new ApiKeyStore(SharedKafka.bootstrapServers())) {
      keys.createWithValue(key, workspace, Set.of("leads:read"), "wrong partition IT");
    }
    return key;
  }

  private static HttpCalls.Answer getLead(RunningApp app, String leadId, String key) {
    return HttpCalls.get(
        "http://localhost:" + app.app().httpPort() + "/api/v2/leads/" + leadId,
        Map.of("x-api-key", key));
  }

  private static List<String> deadLetterCodesOf(String leadId) {
    return TopicReader.readAll(Names.LEAD_EVENTS_DLQ).stream()
        .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(leadId))
        .map(WrongPartitionIT::errorCode)
        .toList();
  }

  private static String errorCode(ConsumerRecord<byte[], byte[]> record) {
    Header code = record.headers().lastHeader("error.code");
    return code == null ? null : new String(code.value(), StandardCharsets.UTF_8);
  }

  private static String uniqueId(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
