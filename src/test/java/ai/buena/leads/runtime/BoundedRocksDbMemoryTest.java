package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbMemoryTest {
  static {
    RocksDB.loadLibrary();
  }

  @Test
  void shouldChargeEveryStoreToOneSharedMemtableBudget() {
    try (Options leads = storeOptions(); Options eventIds = storeOptions()) {
      BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
      setter.setConfig("leads", leads, Map.of());
      setter.setConfig("event-ids", eventIds, Map.of());

      assertThat(leads.writeBufferManager()).isNotNull().isSameAs(eventIds.writeBufferManager());
    }
  }

  @Test
  void shouldKeepIndexAndFilterBlocksInTheSharedCache() {
    try (Options options = storeOptions()) {
      new BoundedRocksDbMemory().setConfig("leads", options, Map.of());

      BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
      assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
      assertThat(table.noBlockCache()).isFalse();
    }
  }

  private static Options storeOptions() {
    Options options = new Options();
    options.setTableFormatConfig(new BlockBasedTableConfig());
    return options;
  }
}
