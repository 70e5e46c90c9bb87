package ai.buena.leads.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.index.IndexSnapshots;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.PartitionLeads;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.QueryTooExpensiveException;
import ai.buena.leads.runtime.generate.EventJsonLines;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.testing.ReferenceProjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine at a size no other benchmark reaches (issue 13 asks for 10,000,000 leads): {@link
 * IndexBench}'s data set, each lead's history folded on its own (constant memory), kept as the
 * leads store keeps it (its JSON bytes in one RocksDB per partition, decoded on every read), then
 * indexed in {@link
 * IndexBench#PARTITIONS} partition indexes as a task loads them. Prints the heap per lead of the
 * store and of the indexes, the load time, each partition's snapshot save and load, and each
 * {@link QueryShape}'s first run, p50 and p99. No Kafka, no HTTP; asserts only that answers come.
 *
 * <p>{@code mvn -o -Pbench verify -Dit.test=ScaleBench -Dbench.leads=10000000 -Dbench.requests=300
 * -Dbench.jvm.args=-Xmx9g [-Dbench.distribution=skewed] [-Dbench.shapes=...]}
 */
class ScaleBench {
  private static final int LEADS = Integer.getInteger("bench.leads", 100_000);
  private static final int REQUESTS = Integer.getInteger("bench.requests", 300);
  private static final int PARTITIONS = IndexBench.PARTITIONS;
  private static final String WORKSPACE = IndexBench.WORKSPACE;
  private static final double MIB = 1024 * 1024;

  @TempDir Path dir;

  @Test
  void measureTheEngineAtScale() throws IOException, RocksDBException {
    RocksDB.loadLibrary();
    List<RocksDB> stores = new ArrayList<>();
    try (Options options = new Options().setCreateIfMissing(true)) {
      for (int p = 0; p < PARTITIONS; p++) {
        stores.add(RocksDB.open(options, dir.resolve("leads-" + p).toString()));
      }
      try {
        measure(stores);
      } finally {
        stores.forEach(RocksDB::close);
      }
    }
  }

  private void measure(List<RocksDB> stores) throws IOException, RocksDBException {
    long start = System.nanoTime();
    long leads = storeLeads(stores);
    print("generated and stored %d leads (%s) in %.1fs", leads, BenchDataset.DISTRIBUTION.wire(), seconds(start));

    long before = usedHeapAfterGc();
    LocalIndexes indexes = new LocalIndexes();
    start = System.nanoTime();
    for (int p = 0; p < PARTITIONS; p++) {
      PartitionIndex index = new PartitionIndex(p, leadsOf(stores.get(p)));
      try (RocksIterator stored = stores.get(p).newIterator()) {
        stored.seekToFirst();
        index.loadAll(decoded(stored));
      }
      indexes.register(index);
    }
    double loaded = seconds(start);
    long after = usedHeapAfterGc();
    print("indexed %d leads in %d partitions in %.1fs (one thread, reading and decoding included);"
            + " indexes %.0f MiB, %.0f bytes per lead",
        leads, PARTITIONS, loaded, (after - before) / MIB, (double) (after - before) / leads);

    measureSnapshots(indexes, stores, leads);
    measureQueries(new LocalLeadQueryService(indexes, PARTITIONS, () -> true, IndexBench::partitionOf));
  }

  /** Each partition's index saved and loaded again, one after the other (a restart's share). */
  private void measureSnapshots(LocalIndexes indexes, List<RocksDB> stores, long leads)
      throws IOException {
    long bytes = 0;
    long saveNanos = 0;
    long loadNanos = 0;
    for (var entry : indexes.all().entrySet()) {
      int partition = entry.getKey();
      UUID id = UUID.randomUUID();
      Path file = dir.resolve("partition-" + partition);
      long t = System.nanoTime();
      bytes += IndexSnapshots.write(entry.getValue(), id, file);
      saveNanos += System.nanoTime() - t;
      t = System.nanoTime();
      PartitionIndex read = IndexSnapshots.read(file, id, partition, leadsOf(stores.get(partition)));
      loadNanos += System.nanoTime() - t;
      assertThat(read).isNotNull();
      Files.delete(file);
    }
    print("snapshots of %d partitions: saved in %.1fs, loaded in %.1fs (one thread), %d bytes (%.0f per lead)",
        PARTITIONS, saveNanos / 1e9, loadNanos / 1e9, bytes,
        (double) bytes / leads);
  }

  private static void measureQueries(LocalLeadQueryService service) {
    for (QueryShape shape : QueryShape.selected(QueryShape.forLeads(LEADS))) {
      LeadQuery query = IndexBench.parse(shape.query());
      long first = System.nanoTime();
      LeadPage page;
      try {
        page = service.list(WORKSPACE, query);
      } catch (QueryTooExpensiveException refused) {
        print("shape=%s refused: %s", shape.name(), refused.getMessage());
        continue;
      }
      first = System.nanoTime() - first;
      Latencies l = IndexBench.timed(() -> service.list(WORKSPACE, query), REQUESTS);
      print("shape=%s first=%.3fms p50=%.3fms p99=%.3fms max=%.3fms total=%d",
          shape.name(), first / 1e6, l.percentileMillis(50), l.percentileMillis(99), l.maxMillis(),
          page.pagination().total());
    }
  }

  /**
   * Puts the live leads of {@link #WORKSPACE} into their partitions' stores, as the projection
   * keeps them; returns how many. Each lead's history touches only that lead, so folding it alone
   * gives what the whole log would.
   */
  private static long storeLeads(List<RocksDB> stores) throws RocksDBException {
    HistoryGenerator generator = BenchDataset.generator(42, WORKSPACE);
    EventJsonLines json = new EventJsonLines();
    long stored = 0;
    for (int index = 0; index < LEADS; index++) {
      ReferenceProjection reference = new ReferenceProjection();
      generator.history(index).forEach(event -> reference.apply(json.toLine(event)));
      for (Lead lead : reference.leadsOf(WORKSPACE).values()) {
        stores.get(IndexBench.partitionOf(lead.id()))
            .put(lead.id().getBytes(StandardCharsets.UTF_8), LeadJson.toBytes(lead, true));
        stored++;
      }
    }
    return stored;
  }

  private static PartitionLeads leadsOf(RocksDB store) {
    return new PartitionLeads() {
      @Override
      public Lead lead(String leadId) {
        byte[] json = storedJson(leadId);
        return json == null ? null : LeadJson.fromBytes(json);
      }

      @Override
      public byte[] storedJson(String leadId) {
        try {
          return store.get(leadId.getBytes(StandardCharsets.UTF_8));
        } catch (RocksDBException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  /** The stored leads from {@code stored}'s position on, decoded; the caller closes it. */
  private static Iterator<Lead> decoded(RocksIterator stored) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return stored.isValid();
      }

      @Override
      public Lead next() {
        Lead lead = LeadJson.fromBytes(stored.value());
        stored.next();
        return lead;
      }
    };
  }

  private static void print(String format, Object... args) {
    System.out.printf("BENCH scale " + format + " (load average %.2f)%n",
        append(args, BenchSetup.loadAverage()));
  }

  private static Object[] append(Object[] args, Object last) {
    Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
    all[args.length] = last;
    return all;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
