package ai.buena.leads.auth;

import static org.assertj.core.api.Assertions.assertThatCode;

import ai.buena.leads.clients.KafkaClientConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyStorePropertiesTest {
  @TempDir Path dir;

  @Test
  void shouldMakeAProducerWithAClientFileThatLingersAndWaitsLongerPerRequest() throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, "linger.ms=50\nrequest.timeout.ms=60000\n");
    KafkaClientConfig kafka = KafkaClientConfig.load("localhost:1", file);

    assertThatCode(
            () -> {
              try (KafkaProducer<String, byte[]> producer =
                  new KafkaProducer<>(
                      ApiKeyStore.producerProperties(kafka, Duration.ofSeconds(30)),
                      new StringSerializer(),
                      new ByteArraySerializer())) {
                producer.close(Duration.ZERO);
              }
            })
        .doesNotThrowAnyException();
  }
}
