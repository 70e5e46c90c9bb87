// Point reads of the leads store's shape: Kafka Streams' RocksDB table options (4 KiB blocks, a
// Bloom filter, no compression, filters optimized for hits) with the block index RocksDB has by
// default (binary search in a block) against the one with a hash table per block
// (kDataBlockBinaryAndHash), both behind this service's shared cache. docs/benchmarks.md, "Point
// reads with a hash index in each data block". With a fourth argument `mmap`, reads through mmap
// (allow_mmap_reads) against pread instead ("... and through mmap"). Run: mvn -q -DskipTests package &&
//   java -cp target/lead-projection.jar ops/bench/experiments/RocksDbPointReads.java [keys] [cacheMiB] [rounds] [hash|mmap]
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.DataBlockIndexType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

public class RocksDbPointReads {
  public static void main(String[] args) throws Exception {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 170_000;
    long cacheMiB = args.length > 1 ? Long.parseLong(args[1]) : 48;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    RocksDB.loadLibrary();
    Path root = Files.createTempDirectory("point-reads");
    boolean mmap = args.length > 3 && args[3].equals("mmap");
    String[] kinds = mmap ? new String[] {"pread", "mmap"} : new String[] {"binary", "hash"};
    RocksDB[] dbs = new RocksDB[2];
    LRUCache[] caches = new LRUCache[2];
    for (int k = 0; k < 2; k++) {
      caches[k] = new LRUCache(cacheMiB * 1024 * 1024, -1, false, 0.1);
      BlockBasedTableConfig table = new BlockBasedTableConfig();
      table.setBlockSize(4096);
      table.setFilterPolicy(new BloomFilter());
      table.setBlockCache(caches[k]);
      table.setCacheIndexAndFilterBlocks(true);
      table.setCacheIndexAndFilterBlocksWithHighPriority(true);
      table.setPinTopLevelIndexAndFilter(true);
      if (kinds[k].equals("hash")) {
        table.setDataBlockIndexType(DataBlockIndexType.kDataBlockBinaryAndHash);
        table.setDataBlockHashTableUtilRatio(0.75);
      }
      Options options = new Options().setCreateIfMissing(true).setCompressionType(CompressionType.NO_COMPRESSION)
          .setOptimizeFiltersForHits(true).setTableFormatConfig(table)
          .setAllowMmapReads(kinds[k].equals("mmap"));
      dbs[k] = RocksDB.open(options, root.resolve(kinds[k]).toString());
      Random values = new Random(7);
      byte[] value = new byte[650];
      for (int i = 0; i < keys; i++) {
        values.nextBytes(value);
        dbs[k].put(key(i), value);
      }
      dbs[k].flush(new FlushOptions().setWaitForFlush(true));
      dbs[k].compactRange();
    }
    // alternate the two in rounds, same random keys for both, so that the machine's load weighs on both alike
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < 2; k++) {
        Random pick = new Random(round);
        byte[][] wanted = new byte[200_000][];
        for (int i = 0; i < wanted.length; i++) {
          wanted[i] = key(pick.nextInt(keys));
        }
        long start = System.nanoTime();
        long found = 0;
        for (byte[] key : wanted) {
          found += dbs[k].get(key).length;
        }
        double micros = (System.nanoTime() - start) / 1000.0 / wanted.length;
        System.out.printf("BENCH point-reads keys=%d cacheMiB=%d round=%d index=%s us_per_get=%.2f (bytes %d)%n",
            keys, cacheMiB, round, kinds[k], micros, found);
      }
    }
    for (RocksDB db : dbs) {
      db.close();
    }
  }

  private static byte[] key(int i) {
    return ("lead_" + Integer.toString(i * 7919 % 100_000_007, 36) + "_" + i).getBytes(StandardCharsets.UTF_8);
  }
}
