package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.testing.EventJson;
import ai.buena.leads.testing.ServiceProcess;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Producers in other languages compress as they please (librdkafka, franz-go and kafka-python offer
 * gzip, snappy, lz4 and zstd): the jar, not only the test classpath, must read every codec and
 * write its own output with the codec an operator picks. snappy and zstd are native libraries
 * unpacked from the shaded jar at run time.
 */
class CompressedEventsIT {
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");
  private static final int LEADS_PER_CODEC = 20;

  @TempDir Path tmp;

  private ServiceProcess service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void shouldApplyEventsOfEveryCompressionCodecAndWriteItsOutputWithTheConfiguredCodec() throws Exception {
    String prefix = PrefixedService.newPrefix("codecs");
    String workspace = "ws_codecs";
    String key = ApiKeyFormat.generate();
    Path kafkaConfig = tmp.resolve("client.properties");
    Files.writeString(kafkaConfig, "producer.compression.type=zstd\n");
    int port = ServiceProcess.freePort();
    service =
        ServiceProcess.serve(
            "codecs",
            port,
            PrefixedService.serveArgs(
                prefix, tmp.resolve("data"), port, "codecs", List.of("--kafka-config", kafkaConfig.toString())),
            Path.of("target", "codecs-it"));
    service.start();
    PrefixedService.grantKey(prefix, key, workspace, Set.of("leads:read"), "codecs IT");

    Set<String> sent = new TreeSet<>();
    for (String codec : CODECS) {
      try (KafkaProducer<byte[], byte[]> producer = producer(codec)) {
        for (int i = 0; i < LEADS_PER_CODEC; i++) {
          String leadId = "lead_" + codec + "_" + i;
          String event =
              EventJson.created(
                  "e-" + leadId, leadId, workspace, "2024-01-15T10:30:00Z",
                  Map.of("firstName", codec, "lastName", "Lead" + i));
          producer.send(new ProducerRecord<>(prefix + "lead-events", utf8(leadId), utf8(event)));
          sent.add(leadId);
        }
        producer.flush();
      }
    }

    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(PrefixedService.listedIds(service, key)).isEqualTo(sent));
    assertThat(TopicReader.readAll(prefix + "lead-events.dlq")).isEmpty();
    // lead-projections is read committed: the transaction that wrote the last leads may commit
    // after the store already answers with them.
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(projectedIds(prefix + "lead-projections")).isEqualTo(sent));
    assertThat(dataBatchCodecs(prefix + "lead-projections")).containsExactly(CompressionType.ZSTD);
    assertThat(dataBatchCodecs(prefix + "lead-events"))
        .containsExactlyInAnyOrder(
            CompressionType.NONE, CompressionType.GZIP, CompressionType.SNAPPY,
            CompressionType.LZ4, CompressionType.ZSTD);
  }

  /** The codecs of a topic's record batches as the broker stored them (transaction markers aside). */
  private static Set<CompressionType> dataBatchCodecs(String topic) throws IOException {
    Set<CompressionType> codecs = EnumSet.noneOf(CompressionType.class);
    List<Path> segments = new ArrayList<>();
    try (DirectoryStream<Path> partitions = Files.newDirectoryStream(SharedKafka.logDir(), topic + "-*")) {
      for (Path partition : partitions) {
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(partition, "*.log")) {
          logs.forEach(segments::add);
        }
      }
    }
    for (Path segment : segments) {
      try (FileRecords records = FileRecords.open(segment.toFile(), false)) {
        for (FileChannelRecordBatch batch : records.batches()) {
          if (!batch.isControlBatch()) {
            codecs.add(batch.compressionType());
          }
        }
      }
    }
    return codecs;
  }

  private static Set<String> projectedIds(String topic) {
    Set<String> ids = new TreeSet<>();
    TopicReader.readAll(topic).forEach(record -> ids.add(new String(record.key(), StandardCharsets.UTF_8)));
    return ids;
  }

  private static KafkaProducer<byte[], byte[]> producer(String codec) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 50);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
