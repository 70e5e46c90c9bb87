package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.projection.Names;
import ai.buena.leads.testing.EventJson;
import ai.buena.leads.testing.RunningApp;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Producers that write {@code lead-events} in transactions: an aborted event was never written, so
 * the projection must not apply it, whatever its own processing guarantee.
 */
class AbortedProducerTransactionsIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @TempDir Path dataDir;

  @ParameterizedTest
  @ValueSource(strings = {"at_least_once", "exactly_once_v2"})
  void shouldApplyOnlyTheCommittedEventsOfATransactionalProducer(String guarantee)
      throws Exception {
    String workspace = "ws_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String leadId = "lead_tx_" + workspace;
    AppConfig config = RunningApp.config("it-aborted-" + UUID.randomUUID(), dataDir, guarantee);

    try (RunningApp app = RunningApp.start(config);
        KafkaProducer<byte[], byte[]> producer = transactionalProducer()) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(created(leadId, workspace, "e-aborted", "Aborted")).get();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(created(leadId, workspace, "e-committed", "Committed")).get();
      producer.commitTransaction();

      await()
          .atMost(DEADLINE)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(app.leadsOf(workspace)).containsKey(leadId));
      assertThat(app.leadsOf(workspace).get(leadId).firstName()).isEqualTo("Committed");
      assertThat(
              TopicReader.readAll(Names.LEAD_EVENTS_DLQ).stream()
                  .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(leadId)))
          .isEmpty();
    }
  }

  private static ProducerRecord<byte[], byte[]> created(
      String leadId, String workspace, String eventId, String firstName) {
    String json =
        EventJson.created(eventId, leadId, workspace, "2024-01-15T10:30:00Z", Map.of("firstName", firstName));
    return new ProducerRecord<>(
        Names.LEAD_EVENTS,
        leadId.getBytes(StandardCharsets.UTF_8),
        json.getBytes(StandardCharsets.UTF_8));
  }

  private static KafkaProducer<byte[], byte[]> transactionalProducer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "crm-producer-" + UUID.randomUUID());
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
