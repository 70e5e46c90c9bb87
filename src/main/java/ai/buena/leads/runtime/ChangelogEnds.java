package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * The end offsets of changelog partitions, asked of the broker (an admin client opened at the
 * first question), each measured at most once per {@link #CACHE}: how far behind a retired copy
 * is, which Kafka Streams no longer reports once its task left this instance; and whether the
 * API keys on disk hold all of {@code lead-api-keys} ({@link
 * ai.buena.leads.auth.StartUpKeyCopy}).
 */
final class ChangelogEnds implements AutoCloseable {
  static final Duration CACHE = Duration.ofMillis(500);
  static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final KafkaClientConfig kafka;
  private final LongSupplier nanoTime;
  private final Map<TopicPartition, Measured> measured = new ConcurrentHashMap<>();
  private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
  private Admin admin;
  private boolean closed;

  ChangelogEnds(KafkaClientConfig kafka) {
    this(kafka, System::nanoTime);
  }

  ChangelogEnds(KafkaClientConfig kafka, LongSupplier nanoTime) {
    this.kafka = kafka;
    this.nanoTime = nanoTime;
  }

  /** The partition's end offset (the offset its next record gets); empty when it cannot be read. */
  OptionalLong endOffset(TopicPartition partition) {
    long now = nanoTime.getAsLong();
    Measured last = measured.get(partition);
    if (last != null && now - last.atNanos() < CACHE.toNanos()) {
      return OptionalLong.of(last.end());
    }
    try {
      long end =
          admin()
              .listOffsets(
                  Map.of(partition, OffsetSpec.latest()),
                  new ListOffsetsOptions().timeoutMs((int) TIMEOUT.toMillis()))
              .partitionResult(partition)
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .offset();
      measured.put(partition, new Measured(now, end));
      return OptionalLong.of(end);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      // unknown: the copy cannot show how stale it is, so it does not answer
      return OptionalLong.empty();
    }
  }

  /**
   * The end offset of every partition of {@code topic}; empty when one cannot be read. The
   * partition count is asked once, the offsets as {@link #endOffset}'s.
   */
  Optional<Map<TopicPartition, Long>> endOffsets(String topic) {
    OptionalInt count = partitionCount(topic);
    if (count.isEmpty()) {
      return Optional.empty();
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (int partition = 0; partition < count.getAsInt(); partition++) {
      TopicPartition topicPartition = new TopicPartition(topic, partition);
      OptionalLong end = endOffset(topicPartition);
      if (end.isEmpty()) {
        return Optional.empty();
      }
      ends.put(topicPartition, end.getAsLong());
    }
    return Optional.of(ends);
  }

  private OptionalInt partitionCount(String topic) {
    Integer known = partitionCounts.get(topic);
    if (known != null) {
      return OptionalInt.of(known);
    }
    try {
      int count =
          admin()
              .describeTopics(
                  List.of(topic), new DescribeTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
              .allTopicNames()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .get(topic)
              .partitions()
              .size();
      partitionCounts.put(topic, count);
      return OptionalInt.of(count);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalInt.empty();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return OptionalInt.empty();
    }
  }

  private synchronized Admin admin() {
    if (closed) {
      throw new IllegalStateException("closed");
    }
    if (admin == null) {
      admin = kafka.shortCallAdmin("lead-projection-changelog-ends", TIMEOUT);
    }
    return admin;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (admin != null) {
      admin.close(TIMEOUT);
      admin = null;
    }
  }

  private record Measured(long atNanos, long end) {}
}
