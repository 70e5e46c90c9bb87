package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.projection.Names;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.runtime.topics.TopicProvisioner;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** The projection against a real Kafka image; runs where Docker exists, skipped cleanly elsewhere. */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {
  @Container static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

  @TempDir Path dataDir;

  @Test
  void shouldProjectACreatedLeadOnAKafkaContainer() throws Exception {
    String bootstrap = KAFKA.getBootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      new TopicProvisioner(admin, TopicDeclarations.loadFromClasspath(), true).apply();
    }
    AppConfig config =
        new AppConfig(
            bootstrap, 0, dataDir, "container-it", "http://localhost:1",
            "container-cluster-secret-0123", "exactly_once_v2", 1, 1, 0, Duration.ofDays(7), 1000);
    try (LeadProjectionApp app = LeadProjectionApp.start(config);
        EventPublisher publisher = new EventPublisher(bootstrap)) {
      publisher.publish(
          new BufferedReader(new StringReader(DemoData.SEED_EVENTS.get(0))), rejection -> {});

      await()
          .atMost(Duration.ofSeconds(120))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                ReadOnlyKeyValueStore<String, byte[]> leads =
                    app.projection()
                        .streams()
                        .store(
                            StoreQueryParameters.fromNameAndType(
                                Names.LEADS_STORE, QueryableStoreTypes.keyValueStore()));
                assertThat(LeadJson.fromBytes(leads.get("lead_abc123")).firstName()).isEqualTo("John");
              });
    }
  }
}
