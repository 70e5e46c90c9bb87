package ai.buena.leads.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads state topics from their start to their current end, committed records only: a record of
 * an aborted transaction is no state.
 */
final class CommittedRecords {
  private CommittedRecords() {}

  /**
   * Hands every committed record of {@code partitions} to {@code goOn} until it answers false.
   *
   * @return true when every partition was read to its end, false when {@code goOn} stopped it
   * @throws TimeoutException when the end was not reached within {@code timeout}
   */
  static boolean readToEnd(
      AppConfig config,
      List<TopicPartition> partitions,
      Duration timeout,
      Predicate<ConsumerRecord<byte[], byte[]>> goOn)
      throws TimeoutException {
    try (KafkaConsumer<byte[], byte[]> consumer = reader(config)) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() - deadline < 0) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (!goOn.test(record)) {
            return false;
          }
        }
        boolean allRead = true;
        for (TopicPartition partition : partitions) {
          allRead &= consumer.position(partition, timeout) >= ends.get(partition);
        }
        if (allRead) {
          return true;
        }
      }
      throw new TimeoutException("reading " + partitions + " took longer than " + timeout);
    }
  }

  private static KafkaConsumer<byte[], byte[]> reader(AppConfig config) {
    return new KafkaConsumer<>(
        config
            .kafka()
            .properties(
                Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "lead-projection-state-check"),
                Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName())));
  }
}
