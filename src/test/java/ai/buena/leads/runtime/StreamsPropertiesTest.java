package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.projection.InputPartitioning;
import ai.buena.leads.projection.TopicNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsPropertiesTest {
  private static final String PRODUCER_LINGER = "producer.linger.ms";
  private static final String RESTORE_FETCH_WAIT = "restore.consumer.fetch.max.wait.ms";
  private static final String MAIN_FETCH_WAIT = "main.consumer.fetch.max.wait.ms";

  @TempDir Path dir;

  private AppConfig config(KafkaClientConfig kafka) {
    return new AppConfig(
        "localhost:1", 0, dir, "app", "http://localhost:1", "0123456789abcdef0123",
        "exactly_once_v2", 2, 1, 0, Duration.ofDays(7), 1000, kafka, TopicNames.DEFAULT,
        InputPartitioning.CHECKED);
  }

  @Test
  void shouldLetTheStreamsProducerLingerOneHundredMillisecondsByDefault() {
    Properties props = StreamsProperties.of(config(KafkaClientConfig.plain("localhost:1")));

    assertThat(props.get(PRODUCER_LINGER)).isEqualTo(100);
  }

  @Test
  void shouldLetTheKafkaConfigFileSetTheStreamsProducerLinger() throws Exception {
    Path file = Files.writeString(dir.resolve("client.properties"), PRODUCER_LINGER + "=5\n");

    Properties props = StreamsProperties.of(config(KafkaClientConfig.load("localhost:1", file)));

    assertThat(props.get(PRODUCER_LINGER)).isEqualTo("5");
  }

  @Test
  void shouldLetTheRestoreConsumerWaitAtMostFiftyMillisecondsForFetchedDataByDefault() {
    Properties props = StreamsProperties.of(config(KafkaClientConfig.plain("localhost:1")));

    assertThat(props.get(RESTORE_FETCH_WAIT)).isEqualTo(50);
  }

  @Test
  void shouldNotLetATaskWaitForDataOnItsOtherInputPartitionByDefault() {
    Properties props = StreamsProperties.of(config(KafkaClientConfig.plain("localhost:1")));

    assertThat(props.get("max.task.idle.ms")).isEqualTo(-1L);
  }

  @Test
  void shouldLetTheStreamThreadsConsumersWaitAtMostFiftyMillisecondsForFetchedDataByDefault() {
    Properties props = StreamsProperties.of(config(KafkaClientConfig.plain("localhost:1")));

    assertThat(props.get(MAIN_FETCH_WAIT)).isEqualTo(50);
  }

  @Test
  void shouldLetTheFileSetTheFetchWaitOfEveryConsumerWithoutAPrefix() throws Exception {
    Path file = Files.writeString(dir.resolve("client.properties"), "fetch.max.wait.ms=500\n");

    Properties props = StreamsProperties.of(config(KafkaClientConfig.load("localhost:1", file)));

    assertThat(props)
        .doesNotContainKey(RESTORE_FETCH_WAIT)
        .doesNotContainKey(MAIN_FETCH_WAIT)
        .containsEntry("fetch.max.wait.ms", "500");
  }

  @Test
  void shouldLetTheFileSetTheFetchWaitOfEveryStreamsConsumer() throws Exception {
    Path file =
        Files.writeString(dir.resolve("client.properties"), "consumer.fetch.max.wait.ms=200\n");

    Properties props = StreamsProperties.of(config(KafkaClientConfig.load("localhost:1", file)));

    assertThat(props).doesNotContainKey(RESTORE_FETCH_WAIT).doesNotContainKey(MAIN_FETCH_WAIT);
  }

  @Test
  void shouldLetAnUnprefixedLingerInTheFileWinOverTheStreamsProducerDefault() throws Exception {
    Path file = Files.writeString(dir.resolve("client.properties"), "linger.ms=5\n");

    Properties props = StreamsProperties.of(config(KafkaClientConfig.load("localhost:1", file)));

    assertThat(props).doesNotContainKey(PRODUCER_LINGER).containsEntry("linger.ms", "5");
  }

  @Test
  void shouldReadLeadEventsFromTheFirstEventWhateverTheFileSays() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("client.properties"),
            "auto.offset.reset=latest\nmain.consumer.auto.offset.reset=latest\n");

    Properties props = StreamsProperties.of(config(KafkaClientConfig.load("localhost:1", file)));

    assertThat(props.get("main.consumer.auto.offset.reset")).isEqualTo("earliest");
    assertThat(props).doesNotContainKeys("auto.offset.reset", "consumer.auto.offset.reset");
  }

  @Test
  void shouldKeepTheSessionTimeoutAndInstanceNameOfTheFlagsOverTheFile() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("client.properties"),
            "main.consumer.session.timeout.ms=1\nmain.consumer.group.instance.id=other\n"
                + "session.timeout.ms=2\ninternal.leave.group.on.close=false\n");

    Properties props = StreamsProperties.of(config(KafkaClientConfig.load("localhost:1", file)));

    assertThat(props)
        .doesNotContainKeys(
            "main.consumer.session.timeout.ms",
            "main.consumer.group.instance.id",
            "session.timeout.ms",
            "internal.leave.group.on.close");
  }
}
