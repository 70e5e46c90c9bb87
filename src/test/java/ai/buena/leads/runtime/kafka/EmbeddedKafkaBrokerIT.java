package ai.buena.leads.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final String TOPIC = "embedded-broker-check";

  @TempDir Path dir;

  @Test
  void shouldKeepTopicsAndRecordsWhenRestartedOnTheSameDirectoryAndPort() throws Exception {
    Path logDir = dir.resolve("kafka");
    int port;
    String clusterId;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(logDir, 0)) {
      port = broker.port();
      clusterId = broker.clusterId();
      assertThat(broker.brokerCount()).isEqualTo(1);
      assertThat(broker.bootstrapServers()).isEqualTo("localhost:" + port);
      try (Admin admin = admin(broker)) {
        admin
            .createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)))
            .all()
            .get(60, TimeUnit.SECONDS);
      }
      produce(broker, "lead_1", "hello");
      assertThat(consumeAll(broker, 1)).containsExactly("lead_1=hello");
    }

    try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(logDir, port)) {
      assertThat(restarted.bootstrapServers()).isEqualTo("localhost:" + port);
      assertThat(restarted.clusterId()).isEqualTo(clusterId);
      try (Admin admin = admin(restarted)) {
        assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS)).contains(TOPIC);
      }
      assertThat(consumeAll(restarted, 1)).containsExactly("lead_1=hello");
    }
  }

  @Test
  void shouldRefuseToStartOnAPortAlreadyInUse() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dir.resolve("kafka"), port))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "Cannot start the Kafka broker: port " + port + " on localhost is already in use");
    }
  }

  private static Admin admin(EmbeddedKafkaBroker broker) {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) DEADLINE.toMillis()));
  }

  private static void produce(EmbeddedKafkaBroker broker, String key, String value)
      throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            (int) DEADLINE.toMillis());
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      producer.send(new ProducerRecord<>(TOPIC, key, value)).get(60, TimeUnit.SECONDS);
    }
  }

  private static List<String> consumeAll(EmbeddedKafkaBroker broker, int expected) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    List<String> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(TOPIC, 0);
      consumer.assign(Set.of(partition));
      consumer.seekToBeginning(Set.of(partition));
      await()
          .atMost(DEADLINE)
          .until(
              () -> {
                for (ConsumerRecord<String, String> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  records.add(record.key() + "=" + record.value());
                }
                return records.size() >= expected;
              });
    }
    return records;
  }
}
