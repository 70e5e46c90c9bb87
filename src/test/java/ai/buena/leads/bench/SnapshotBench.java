package ai.buena.leads.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.index.IndexSnapshots;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LocalLeadQueryService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an index snapshot costs: {@link IndexBench}'s generated workspace in six partition indexes,
 * each saved with {@link IndexSnapshots} (what a store's close adds) and loaded again (what a
 * restart on local state does instead of a rebuild), three rounds, one thread, against the rebuild
 * of the same leads from objects (no JSON). The loaded indexes must answer as the built ones.
 *
 * <p>{@code mvn -Pbench verify -Dit.test=SnapshotBench -Dbench.leads=1000000 [-Dbench.workspaces=N]} (N:
 * the leads dealt round-robin to N workspaces, {@code ws_bench} the first, whose answers are compared)
 */
class SnapshotBench {
  private static final int LEADS = Integer.getInteger("bench.leads", 100_000);
  private static final int ROUNDS = 3;

  @TempDir Path dir;

  @Test
  void measureSavingAndLoadingEveryPartitionIndex() throws IOException {
    IndexBench.Engine engine = IndexBench.Engine.build(LEADS);
    System.out.printf(
        "BENCH snapshot: rebuild from lead objects (one thread) %d leads in %.2fs, load average %.2f%n",
        engine.leads(), engine.loadSeconds(), BenchSetup.loadAverage());
    LocalIndexes loaded = new LocalIndexes();
    for (int round = 1; round <= ROUNDS; round++) {
      long bytes = 0;
      long saveNanos = 0;
      long loadNanos = 0;
      loaded = new LocalIndexes();
      for (var entry : engine.indexes().all().entrySet()) {
        int partition = entry.getKey();
        UUID id = UUID.randomUUID();
        Path file = dir.resolve("partition-" + partition);
        long t = System.nanoTime();
        bytes += IndexSnapshots.write(entry.getValue(), id, file);
        saveNanos += System.nanoTime() - t;
        t = System.nanoTime();
        PartitionIndex index = IndexSnapshots.read(file, id, partition, engine.stores().get(partition)::get);
        loadNanos += System.nanoTime() - t;
        loaded.register(index);
        Files.delete(file);
      }
      System.out.printf(
          "BENCH snapshot round=%d leads=%d save=%.2fs load=%.2fs bytes=%d (%.0f per lead) load average %.2f%n",
          round, engine.leads(), saveNanos / 1e9, loadNanos / 1e9, bytes, (double) bytes / engine.leads(),
          BenchSetup.loadAverage());
    }
    LocalLeadQueryService built = engine.service();
    LocalLeadQueryService fromSnapshot =
        new LocalLeadQueryService(loaded, IndexBench.PARTITIONS, () -> true, IndexBench::partitionOf);
    for (QueryShape shape : QueryShape.forLeads(LEADS)) {
      LeadQuery query = IndexBench.parse(shape.query());
      assertThat(fromSnapshot.list(IndexBench.WORKSPACE, query).leads())
          .as(shape.name())
          .isEqualTo(built.list(IndexBench.WORKSPACE, query).leads());
    }
  }
}
