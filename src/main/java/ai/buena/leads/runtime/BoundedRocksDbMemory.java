package ai.buena.leads.runtime;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.HyperClockCache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * One block cache and one memtable budget for every RocksDB store of the process, as Kafka
 * Streams' "bounded memory" recipe: without it each of the ~24 store instances (4 stores, 6
 * partitions) takes its own 50 MiB cache and 3 × 16 MiB memtables, and resident memory grows with
 * the partitions an instance holds.
 *
 * <p>The sizes are tuning knobs (system properties, MiB): {@code leads.rocksdb.memory.mib}, the
 * whole budget (block cache, memtables charged to it), and {@code leads.rocksdb.memtable.mib}, the
 * memtables' share of it (ops/runbook.md, Memory sizing). 96 MiB, not 192: the cache was full at
 * 1,000,000 leads and half of it is RSS under the 1.5 GiB target; the reads it misses come from the
 * operating system's page cache (docs/benchmarks.md, "Resident memory at 1.13M leads").
 *
 * <p>{@code leads.rocksdb.cache} chooses the cache: {@code lru} (the default), RocksDB's LRU cache
 * of mutex-guarded shards, where concurrent page reads wait for each other, or {@code hyperclock},
 * its lock-free cache; on 2 cores the two measured the same (docs/benchmarks.md, "Where a 100-lead
 * page's CPU goes").
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
  private static final long MIB = 1024 * 1024;

  /** Block cache, memtables included (they are charged to it). */
  static final long TOTAL_BYTES = Long.getLong("leads.rocksdb.memory.mib", 96) * MIB;

  static final long MEMTABLE_BYTES = Long.getLong("leads.rocksdb.memtable.mib", 48) * MIB;
  private static final double INDEX_AND_FILTER_SHARE = 0.1;
  /**
   * RocksDB gives each store's MANIFEST 4 MiB of disk up front (fallocate) for a few KiB of
   * content: with ~25 stores an instance held 100 MiB of a 111 MiB data directory that way.
   */
  static final long MANIFEST_PREALLOCATION_BYTES = 64 * 1024;
  /**
   * Each open of a store renames its info log {@code LOG} to {@code LOG.old.<time>}, and RocksDB
   * keeps 1,000 of them: a restart (which opens each store twice) left ~50 more files in an
   * instance's data directory, up to ~25,000.
   */
  static final int KEPT_INFO_LOG_FILES = 3;

  static {
    // the cache below is native: without the library loaded (RocksDB's own class loads it, which
    // nothing may have touched yet, e.g. a /metrics scrape reading the usage first) its creation
    // fails with UnsatisfiedLinkError, and this class could never be used in the process again
    RocksDB.loadLibrary();
  }

  private static final Cache CACHE = newCache(System.getProperty("leads.rocksdb.cache", "lru"));
  private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

  static Cache newCache(String kind) {
    switch (kind) {
      case "hyperclock":
        // 0: the entries' size is estimated as they come (RocksDB's AutoHyperClockCache)
        return new HyperClockCache(TOTAL_BYTES, 0, -1, false);
      case "lru":
        return new LRUCache(TOTAL_BYTES, -1, false, INDEX_AND_FILTER_SHARE);
      default:
        throw new IllegalArgumentException(
            "leads.rocksdb.cache must be hyperclock or lru, not \"" + kind + "\"");
    }
  }

  /** Bytes the shared cache holds now: data, index and filter blocks, and the memtables' charge. */
  static long cacheUsageBytes() {
    return CACHE.getUsage();
  }

  /** Bytes of the shared cache pinned by open iterators, readers or the pinned index blocks. */
  static long cachePinnedBytes() {
    return CACHE.getPinnedUsage();
  }

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(CACHE);
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(WRITE_BUFFERS);
    options.setTableFormatConfig(table);
    options.setManifestPreallocationSize(MANIFEST_PREALLOCATION_BYTES);
    options.setKeepLogFileNum(KEPT_INFO_LOG_FILES);
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write buffer manager are shared by every store; they live as long as the
    // process.
  }
}
