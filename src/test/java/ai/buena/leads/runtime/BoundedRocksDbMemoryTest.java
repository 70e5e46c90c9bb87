package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.FlushOptions;
import org.rocksdb.HyperClockCache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBufferManager;

class BoundedRocksDbMemoryTest {
  static {
    RocksDB.loadLibrary();
  }

  @Test
  void shouldReportItsCacheUsageInAJvmWhereNothingElseLoadedRocksDb() throws Exception {
    // a JVM of its own: in this one the library is loaded above
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                UsageFirst.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(child.waitFor()).as(output).isZero();
    assertThat(output.strip()).isEqualTo("usage 0");
  }

  /** Reads the cache's usage before anything else touches RocksDB, as a /metrics scrape may. */
  static final class UsageFirst {
    public static void main(String[] args) {
      System.out.println("usage " + BoundedRocksDbMemory.cacheUsageBytes());
    }
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

  @Test
  void shouldNotSetAsideMebibytesOfDiskForEachStoresManifest() {
    try (Options options = storeOptions()) {
      new BoundedRocksDbMemory().setConfig("leads", options, Map.of());

      assertThat(options.manifestPreallocationSize()).isEqualTo(64 * 1024);
    }
  }

  @Test
  void shouldKeepOnlyAFewOldInfoLogsOfAStoreOpenedAgainAndAgain(@TempDir Path dir) throws Exception {
    for (int open = 0; open < 10; open++) {
      try (Options options = storeOptions().setCreateIfMissing(true)) {
        new BoundedRocksDbMemory().setConfig("leads", options, Map.of());
        try (RocksDB db = RocksDB.open(options, dir.toString())) {
          db.put(bytes("lead-" + open), bytes("{}"));
        }
      }
    }

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("LOG")))
          .hasSizeBetween(1, BoundedRocksDbMemory.KEPT_INFO_LOG_FILES);
    }
  }

  @Test
  void shouldCountAStoresMemtableAndReadBlocksInTheSharedCacheUsage(@TempDir Path dir)
      throws RocksDBException {
    long before = BoundedRocksDbMemory.cacheUsageBytes();
    try (Options options = storeOptions().setCreateIfMissing(true)) {
      new BoundedRocksDbMemory().setConfig("leads", options, Map.of());
      try (RocksDB db = RocksDB.open(options, dir.toString());
          FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        for (int i = 0; i < 10_000; i++) {
          db.put(bytes("lead-" + i), bytes("{\"id\":\"lead-" + i + "\",\"status\":\"new\"}"));
        }
        assertThat(BoundedRocksDbMemory.cacheUsageBytes()).as("memtable charged").isGreaterThan(before);
        db.flush(flush);
        db.get(bytes("lead-5000"));

        assertThat(BoundedRocksDbMemory.cacheUsageBytes()).as("blocks read").isGreaterThan(before);
      }
    }
  }

  @Test
  void shouldBuildTheCacheKindAskedFor() {
    try (Cache hyperClock = BoundedRocksDbMemory.newCache("hyperclock");
        Cache lru = BoundedRocksDbMemory.newCache("lru")) {
      assertThat(hyperClock).isInstanceOf(HyperClockCache.class);
      assertThat(lru).isInstanceOf(LRUCache.class);
    }
  }

  @Test
  void shouldRefuseAnUnknownCacheKindByName() {
    assertThatThrownBy(() -> BoundedRocksDbMemory.newCache("clock"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("leads.rocksdb.cache must be hyperclock or lru, not \"clock\"");
  }

  @Test
  void shouldChargeMemtablesAndReadBlocksToAHyperClockCache(@TempDir Path dir) throws RocksDBException {
    try (Cache cache = BoundedRocksDbMemory.newCache("hyperclock");
        WriteBufferManager memtables = new WriteBufferManager(8L << 20, cache);
        Options options = storeOptions().setCreateIfMissing(true)) {
      BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
      options.setTableFormatConfig(table.setBlockCache(cache).setCacheIndexAndFilterBlocks(true));
      options.setWriteBufferManager(memtables);
      try (RocksDB db = RocksDB.open(options, dir.toString());
          FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
        for (int i = 0; i < 10_000; i++) {
          db.put(bytes("lead-" + i), bytes("{\"id\":\"lead-" + i + "\",\"status\":\"new\"}"));
        }
        long charged = cache.getUsage();
        assertThat(charged).as("memtable charged").isPositive();
        db.flush(flush);
        // the flushed memtable is freed, and its charge released, after the flush returns
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(10))
            .untilAsserted(
                () -> assertThat(cache.getUsage()).as("charge released by the flush").isLessThan(charged));
        long afterFlush = cache.getUsage();

        assertThat(db.get(bytes("lead-5000"))).asString(StandardCharsets.UTF_8).contains("lead-5000");
        assertThat(cache.getUsage()).as("blocks read").isGreaterThan(afterFlush);
      }
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static Options storeOptions() {
    Options options = new Options();
    options.setTableFormatConfig(new BlockBasedTableConfig());
    return options;
  }
}
