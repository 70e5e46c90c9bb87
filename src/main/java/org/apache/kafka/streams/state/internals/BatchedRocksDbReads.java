package org.apache.kafka.streams.state.internals;

import java.util.Collections;
import java.util.List;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.processor.StateStore;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;

/**
 * Reads several keys of a Kafka Streams {@link RocksDBStore} in one RocksDB {@code MultiGet}, which
 * the store's API lacks: one call into RocksDB for a page's leads of a partition instead of one
 * per lead (docs/benchmarks.md, "A page's leads read in one MultiGet"). It sits in Kafka Streams'
 * package to reach the store's RocksDB handle and column family, which are package-private; a
 * Kafka Streams upgrade that changes them fails this class's compilation, not a running service.
 *
 * <p>Only a store that writes straight into RocksDB qualifies: with transactional state stores
 * (KIP-892) a task's uncommitted writes live in a buffer that only the store's own {@code get}
 * consults. The caller must keep the store from closing during the read, as for {@code get}.
 */
public final class BatchedRocksDbReads {
  private static final ReadOptions DEFAULTS = new ReadOptions();

  private BatchedRocksDbReads() {}

  /** Whether {@link #values} can read {@code store}. */
  public static boolean supports(StateStore store) {
    return store.getClass() == RocksDBStore.class
        && ((RocksDBStore) store).dbAccessor instanceof RocksDBStore.DirectDBAccessor;
  }

  /**
   * The values of {@code keys} in {@code store}, in their order, null where absent.
   *
   * @throws InvalidStateStoreException when the store is closed
   * @throws ProcessorStateException when RocksDB fails the read
   * @throws IllegalArgumentException when the store is not one {@link #supports} reads
   */
  public static List<byte[]> values(StateStore store, List<byte[]> keys) {
    if (!supports(store)) {
      throw new IllegalArgumentException("not a RocksDB store written directly: " + store.name());
    }
    RocksDBStore rocks = (RocksDBStore) store;
    if (!rocks.isOpen()) {
      throw new InvalidStateStoreException("Store " + store.name() + " is currently closed");
    }
    try {
      return rocks.db.multiGetAsList(
          DEFAULTS, Collections.nCopies(keys.size(), rocks.cfAccessor.dataColumnFamily()), keys);
    } catch (RocksDBException e) {
      throw new ProcessorStateException("Error while getting values for keys from store " + store.name(), e);
    }
  }
}
