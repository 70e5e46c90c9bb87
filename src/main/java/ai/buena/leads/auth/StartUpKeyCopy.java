package ai.buena.leads.auth;

import ai.buena.leads.projection.StoreOnDisk;
import ai.buena.leads.query.UnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The global store {@code api-keys} as Kafka Streams left it on disk at its last clean close
 * ({@link StoreOnDisk}), for the seconds of a start before Kafka Streams can read it itself.
 *
 * <p>It answers only while it holds every key record the topic has: its committed offsets equal the
 * end offsets of every partition of {@code lead-api-keys}, as the broker tells them (measured at
 * most every 500 ms). A key created or revoked since the last close moves an end offset, and from
 * then on this copy answers nothing ({@link UnavailableException}, 503) until Kafka Streams has
 * read the record itself. No copy is made from a store Kafka Streams did not close.
 */
public final class StartUpKeyCopy implements KeyRecordSource {
  private static final Logger LOG = LoggerFactory.getLogger(StartUpKeyCopy.class);
  private static final Duration RETRY_AFTER = GlobalStoreKeyLookup.RETRY_AFTER;

  private final StoreOnDisk store;
  private final Map<TopicPartition, Long> committed;
  private final Supplier<Optional<Map<TopicPartition, Long>>> topicEnds;

  private StartUpKeyCopy(
      StoreOnDisk store,
      Map<TopicPartition, Long> committed,
      Supplier<Optional<Map<TopicPartition, Long>>> topicEnds) {
    this.store = store;
    this.committed = committed;
    this.topicEnds = topicEnds;
  }

  /**
   * The copy in {@code storeDirectory} ({@code <state dir>/<application id>/global/rocksdb/api-keys}),
   * if Kafka Streams closed it there; {@code topicEnds} gives the end offset of every partition of
   * {@code topic}, or empty when the broker cannot tell.
   */
  public static Optional<KeyRecordSource> open(
      Path storeDirectory, String topic, Supplier<Optional<Map<TopicPartition, Long>>> topicEnds) {
    if (!Files.isDirectory(storeDirectory)) {
      return Optional.empty();
    }
    StoreOnDisk store;
    try {
      store = StoreOnDisk.open(storeDirectory);
    } catch (RocksDBException | RuntimeException e) {
      LOG.info("no start-up copy of the API keys: {} cannot be opened read-only ({})", storeDirectory, e.toString());
      return Optional.empty();
    }
    try {
      if (!store.closedByKafkaStreams()) {
        LOG.info("no start-up copy of the API keys: Kafka Streams did not close {}", storeDirectory);
        store.close();
        return Optional.empty();
      }
      Map<TopicPartition, Long> committed = new HashMap<>();
      for (int partition = 0; ; partition++) {
        OptionalLong offset = store.committedOffset(new TopicPartition(topic, partition));
        if (offset.isEmpty()) {
          break;
        }
        committed.put(new TopicPartition(topic, partition), offset.getAsLong());
      }
      LOG.info("API keys are read from their store on disk (committed offsets {}) until Kafka Streams has started", committed);
      return Optional.of(new StartUpKeyCopy(store, Map.copyOf(committed), topicEnds));
    } catch (RocksDBException | RuntimeException e) {
      store.close();
      LOG.info("no start-up copy of the API keys: {} ({})", storeDirectory, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public byte[] read(String keyHash) {
    if (!holdsTheWholeTopic()) {
      throw new UnavailableException(
          "API keys cannot be read yet: Kafka Streams is starting and the keys on disk may be behind",
          RETRY_AFTER);
    }
    try {
      return store.get(keyHash.getBytes(StandardCharsets.UTF_8));
    } catch (RocksDBException e) {
      throw new UnavailableException("API keys cannot be read now: Kafka Streams is starting", RETRY_AFTER);
    }
  }

  private boolean holdsTheWholeTopic() {
    Optional<Map<TopicPartition, Long>> ends = topicEnds.get();
    return ends.isPresent() && !ends.get().isEmpty() && ends.get().equals(committed);
  }

  @Override
  public void close() {
    store.close();
  }
}
