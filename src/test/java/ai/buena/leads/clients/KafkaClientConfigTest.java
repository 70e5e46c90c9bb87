package ai.buena.leads.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class KafkaClientConfigTest {
  @TempDir Path dir;

  private final Logger logger = (Logger) LoggerFactory.getLogger(KafkaClientConfig.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logged);
  }

  @Test
  void shouldLetTheFileOverrideTheDefaults() throws IOException {
    KafkaClientConfig config = load("linger.ms=50\nsecurity.protocol=SASL_SSL\n");

    Properties props = config.properties(Map.of("linger.ms", 5, "compression.type", "lz4"), Map.of());

    assertThat(props)
        .containsEntry("linger.ms", "50")
        .containsEntry("compression.type", "lz4")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("bootstrap.servers", "broker:9093");
  }

  @Test
  void shouldKeepTheRequiredSettingsOverTheFile() throws IOException {
    KafkaClientConfig config =
        load("acks=1\nproducer.enable.idempotence=false\nprocessing.guarantee=at_least_once\n");

    Properties props =
        config.properties(Map.of(), Map.of("acks", "all", "processing.guarantee", "exactly_once_v2"));

    assertThat(props)
        .containsEntry("acks", "all")
        .containsEntry("processing.guarantee", "exactly_once_v2")
        .doesNotContainKey("producer.enable.idempotence");
  }

  @Test
  void shouldTakeTheClusterAddressFromTheFlagNotTheFile() throws IOException {
    KafkaClientConfig config = load("bootstrap.servers=elsewhere:9092\n");

    assertThat(config.properties(Map.of(), Map.of())).containsEntry("bootstrap.servers", "broker:9093");
  }

  @Test
  void shouldNameTheIgnoredKeysInOneLineWithoutTheirValues() throws IOException {
    load("acks=0\napplication.id=secret-app\nmain.consumer.isolation.level=read_uncommitted\nlinger.ms=1\n");

    assertThat(logged.list).hasSize(1);
    String line = logged.list.get(0).getFormattedMessage();
    assertThat(line)
        .contains("acks", "application.id", "main.consumer.isolation.level")
        .doesNotContain("secret-app", "read_uncommitted", "linger.ms");
  }

  @Test
  void shouldLogNothingWhenNoKeyIsIgnored() throws IOException {
    load("security.protocol=SSL\n");

    assertThat(logged.list).isEmpty();
  }

  @Test
  void shouldShowOnlyTheFileAndItsKeyNames() throws IOException {
    KafkaClientConfig config =
        load("sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"u\" password=\"hunter2\";\n");

    assertThat(config.toString()).contains("sasl.jaas.config").doesNotContain("hunter2");
  }

  @Test
  void shouldRefuseAFileThatCannotBeRead() {
    assertThatThrownBy(() -> KafkaClientConfig.load("broker:9093", dir.resolve("missing.properties")))
        .isInstanceOf(InvalidKafkaConfigException.class)
        .hasMessageContaining("missing.properties cannot be read");
  }

  private KafkaClientConfig load(String content) throws IOException {
    Path file = Files.writeString(dir.resolve("client.properties"), content, StandardCharsets.UTF_8);
    return KafkaClientConfig.load("broker:9093", file);
  }
}
