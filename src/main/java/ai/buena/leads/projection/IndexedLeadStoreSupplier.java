package ai.buena.leads.projection;

import ai.buena.leads.index.LocalIndexes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/** Supplies the {@code leads} store: RocksDB with its partition's index, see {@link IndexedLeadStore}. */
final class IndexedLeadStoreSupplier implements KeyValueBytesStoreSupplier {
  private final KeyValueBytesStoreSupplier rocksDb;
  private final LocalIndexes indexes;
  private final OpenLeadStores openStores;
  private final ProjectionMetrics metrics;

  IndexedLeadStoreSupplier(
      String name, LocalIndexes indexes, OpenLeadStores openStores, ProjectionMetrics metrics) {
    this.rocksDb = Stores.persistentKeyValueStore(name);
    this.indexes = indexes;
    this.openStores = openStores;
    this.metrics = metrics;
  }

  @Override
  public String name() {
    return rocksDb.name();
  }

  @Override
  public KeyValueStore<Bytes, byte[]> get() {
    return new IndexedLeadStore(rocksDb.get(), indexes, openStores, metrics);
  }

  @Override
  public String metricsScope() {
    return rocksDb.metricsScope();
  }
}
