package ai.buena.leads.auth;

import ai.buena.leads.clients.TopicNotFoundException;
import ai.buena.leads.clients.KafkaClientConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code lead-api-keys} from its beginning to its current end (committed records only, no
 * consumer group) and keeps the latest record of every key hash; a tombstone forgets the hash.
 */
final class ApiKeyTopicReader {
  private static final Logger log = LoggerFactory.getLogger(ApiKeyTopicReader.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaClientConfig kafka;
  private final String topic;
  private final Duration timeout;

  ApiKeyTopicReader(KafkaClientConfig kafka, String topic, Duration timeout) {
    this.kafka = kafka;
    this.topic = topic;
    this.timeout = timeout;
  }

  /**
   * The latest record of every key hash, in topic order.
   *
   * @throws TopicNotFoundException when the topic does not exist
   */
  Map<String, ApiKeyRecord> latestByHash() {
    Map<String, ApiKeyRecord> latest = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties(), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, timeout).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      if (partitions.isEmpty()) {
        throw missingTopic(topic);
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      Instant deadline = Instant.now().plus(timeout);
      while (!reached(consumer, end)) {
        if (Instant.now().isAfter(deadline)) {
          throw new TimeoutException("reading " + topic + " did not finish within " + timeout);
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          apply(record, latest);
        }
      }
    }
    return latest;
  }

  /**
   * @throws TopicNotFoundException when the topic does not exist
   */
  void requireTopic() {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(properties(), new StringDeserializer(), new ByteArrayDeserializer())) {
      if (consumer.partitionsFor(topic, timeout).isEmpty()) {
        throw missingTopic(topic);
      }
    }
  }

  private static TopicNotFoundException missingTopic(String topic) {
    return new TopicNotFoundException(
        "topic " + topic + " does not exist: dev and serve create it from topics/", true, null);
  }

  private void apply(ConsumerRecord<String, byte[]> record, Map<String, ApiKeyRecord> latest) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      latest.remove(record.key());
      return;
    }
    try {
      latest.remove(record.key());
      latest.put(record.key(), ApiKeyCodec.decode(record.key(), record.value()));
    } catch (MalformedKeyRecordException e) {
      log.warn("{} offset {}: skipped, {}", topic, record.offset(), e.getMessage());
    }
  }

  private boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream()
        .allMatch(entry -> consumer.position(entry.getKey(), timeout) >= entry.getValue());
  }

  private Properties properties() {
    return kafka.properties(
        Map.of(
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
            ConsumerConfig.CLIENT_ID_CONFIG, "lead-projection-keys-reader",
            ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()),
        Map.of(
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
  }
}
