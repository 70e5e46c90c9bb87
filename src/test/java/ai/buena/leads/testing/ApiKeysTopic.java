package ai.buena.leads.testing;

import ai.buena.leads.projection.Names;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.runtime.topics.TopicProvisioner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A fresh copy of {@code lead-api-keys} (as declared) on the shared broker, and its raw records.
 */
public final class ApiKeysTopic {
  private ApiKeysTopic() {}

  public static String createUnique() {
    String name = SharedKafka.uniqueName(Names.API_KEYS);
    TopicDeclarations declaration =
        TopicDeclarations.of(
            List.of(TopicDeclarations.loadFromClasspath().get(Names.API_KEYS).withName(name)));
    new TopicProvisioner(SharedKafka.admin(), declaration, true, SharedKafka.DEADLINE).apply();
    return name;
  }

  /** Every record's key and value bytes, from the beginning to the current end of the topic. */
  public static List<byte[]> allBytes(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<byte[]> bytes = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), SharedKafka.DEADLINE).get(partition);
      long deadline = System.nanoTime() + SharedKafka.DEADLINE.toNanos();
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.key() != null) {
            bytes.add(record.key());
          }
          if (record.value() != null) {
            bytes.add(record.value());
          }
        }
      }
      if (consumer.position(partition) < end) {
        throw new IllegalStateException("could not read " + topic + " to its end");
      }
    }
    return bytes;
  }
}
