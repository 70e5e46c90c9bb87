package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.http.Readiness;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.projection.ProjectionMetrics;
import ai.buena.leads.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * issue 11, no zombie: a real KafkaStreams watched by {@link ProjectionService} whose global-store
 * thread (the API keys' in the product) dies: liveness must fail, not stay 200 forever.
 */
class ProjectionLivenessIT {
  @TempDir Path stateDir;

  @Test
  void shouldAnswerNotLiveOnceTheGlobalKeyThreadDies() throws Exception {
    String globalTopic = SharedKafka.uniqueName("liveness-keys");
    String streamTopic = SharedKafka.uniqueName("liveness-events");
    SharedKafka.admin()
        .createTopics(List.of(new NewTopic(globalTopic, 1, (short) 1), new NewTopic(streamTopic, 1, (short) 1)))
        .all()
        .get();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(streamTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())).foreach((k, v) -> {});
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore("liveness-store"), Serdes.String(), Serdes.String())
            .withLoggingDisabled(),
        globalTopic,
        Consumed.with(Serdes.String(), Serdes.String()),
        ThrowingGlobalUpdater::new);
    Properties props = streamsProperties("liveness");

    ProjectionService service =
        ProjectionService.watchAndStart(
            new KafkaStreams(builder.build(), props), new ProjectionMetrics(), new LocalIndexes(), 1000);
    try {
      assertThat(service.awaitRunning(SharedKafka.DEADLINE)).isTrue();
      assertThat(service.readiness().live()).isTrue();

      try (KafkaProducer<byte[], byte[]> producer = producer()) {
        producer.send(new ProducerRecord<>(globalTopic, utf8("k"), utf8("boom"))).get();
      }

      await()
          .atMost(SharedKafka.DEADLINE)
          .untilAsserted(
              () -> {
                Readiness.Status status = service.readiness();
                assertThat(status.live()).isFalse();
                assertThat(status.reason()).contains("ERROR");
              });
      assertThat(service.streams().state()).isIn(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR);
    } finally {
      service.close();
    }
  }

  @Test
  void shouldAnswerNotReadyNamingADamagedStoreOnceOneIsReported() throws Exception {
    StreamsBuilder builder = readingANewTopic("damaged-events", 1);
    Properties props = streamsProperties("damaged");
    LocalIndexes indexes = new LocalIndexes();

    ProjectionService service =
        ProjectionService.watchAndStart(
            new KafkaStreams(builder.build(), props), new ProjectionMetrics(), indexes, 1000);
    try {
      assertThat(service.awaitRunning(SharedKafka.DEADLINE)).isTrue();
      indexes.storeDamaged(3, "block checksum mismatch in 000011.sst (/data/streams/app/0_3)");

      await()
          .atMost(SharedKafka.DEADLINE)
          .untilAsserted(
              () -> {
                Readiness.Status status = service.readiness();
                assertThat(status.ready()).isFalse();
                assertThat(status.live()).isTrue();
                assertThat(status.reason())
                    .contains("the leads store of partition 3 is damaged")
                    .contains("block checksum mismatch");
              });
    } finally {
      service.close();
    }
  }

  @Test
  void shouldSeeTheGroupCoordinatorAnswerTheStreamThreadsHeartbeats() throws Exception {
    StreamsBuilder builder = readingANewTopic("heartbeat-events", 2);
    Properties props = streamsProperties("heartbeats");
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 500);

    try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
        GroupHeartbeats heartbeats = new GroupHeartbeats(streams::metrics).start()) {
      streams.start();

      await()
          .atMost(SharedKafka.DEADLINE)
          .pollInterval(Duration.ofMillis(300))
          .until(() -> heartbeats.latest().isPresent());
    }
  }

  private static final class ThrowingGlobalUpdater implements Processor<String, String, Void, Void> {
    @Override
    public void process(Record<String, String> record) {
      if ("boom".equals(record.value())) {
        throw new IllegalStateException("the global thread dies here");
      }
    }
  }

  /** A topology that reads a new topic of the shared broker and does nothing with its records. */
  private static StreamsBuilder readingANewTopic(String name, int partitions) throws Exception {
    String topic = SharedKafka.uniqueName(name);
    SharedKafka.admin().createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())).foreach((k, v) -> {});
    return builder;
  }

  /** A new application of the shared broker, its state under this test's directory. */
  private Properties streamsProperties(String name) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, SharedKafka.uniqueName(name));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return props;
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
