package ai.buena.leads.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.testing.ReferenceProjection;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Heap the query indexes hold per lead: {@link QueryBench}'s large workspace, each lead encoded as
 * the store holds it and decoded again while it is indexed (as a task loads from RocksDB, so the
 * index holds its own copies of everything it keeps), the used heap after {@link System#gc()}
 * before and after loading. Prints, asserts nothing.
 *
 * <p>{@code mvn -o -q test -Dtest=IndexHeapBench -Dbench.leads=200000
 * [-Dbench.distribution=skewed]} (heap at most 2 GiB: the unit-test JVM's).
 */
class IndexHeapBench {
  private static final int LEADS = Integer.getInteger("bench.leads", 200_000);
  private static final int PARTITIONS = 6;
  /** The leads dealt round-robin to this many workspaces (1: all in one, as QueryBench's). */
  private static final int WORKSPACES = Integer.getInteger("bench.workspaces", 1);

  @Test
  void measureTheHeapOfTheIndexesPerLead() {
    List<List<byte[]>> stored = storedLeads();
    long before = usedHeapAfterGc();
    LocalIndexes indexes = new LocalIndexes();
    for (int p = 0; p < PARTITIONS; p++) {
      PartitionIndex index = new PartitionIndex(p, id -> null);
      index.loadAll(stored.get(p).stream().map(LeadJson::fromBytes).iterator());
      indexes.register(index);
    }
    long after = usedHeapAfterGc();
    int leads = stored.stream().mapToInt(List::size).sum();
    System.out.printf(
        "BENCH index heap: %d leads (%s) in %d workspaces, %.1f MiB, %.0f bytes per lead, load"
            + " average %.2f%n",
        leads,
        BenchDataset.DISTRIBUTION.wire(),
        WORKSPACES,
        (after - before) / (1024.0 * 1024.0),
        (double) (after - before) / leads,
        BenchSetup.loadAverage());
    if (Boolean.getBoolean("bench.histogram")) {
      printHistogram();
    }
    assertThat(indexes.all()).hasSize(PARTITIONS);
    Reference.reachabilityFence(indexes);
    Reference.reachabilityFence(stored);
  }

  private static List<List<byte[]>> storedLeads() {
    ReferenceProjection reference = new ReferenceProjection();
    BenchDataset.generator(42, IndexBench.WORKSPACE).generate(LEADS, reference::apply);
    List<List<byte[]>> stored = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      stored.add(new ArrayList<>());
    }
    int dealt = 0;
    String own = "\"workspaceId\":\"" + IndexBench.WORKSPACE + "\"";
    for (Lead lead : reference.leadsOf(IndexBench.WORKSPACE).values()) {
      byte[] json = LeadJson.toBytes(lead, true);
      if (WORKSPACES > 1) {
        String text = new String(json, StandardCharsets.UTF_8);
        int at = text.lastIndexOf(own);
        json =
            (text.substring(0, at) + "\"workspaceId\":\"ws_" + dealt++ % WORKSPACES + "\"}")
                .getBytes(StandardCharsets.UTF_8);
      }
      stored.get(Math.floorMod(lead.id().hashCode(), PARTITIONS)).add(json);
    }
    return stored;
  }

  /** The heap's 30 largest classes while the indexes are held ({@code -Dbench.histogram=true}). */
  private static void printHistogram() {
    try {
      Process jcmd =
          new ProcessBuilder(
                  "jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
              .redirectErrorStream(true)
              .start();
      String histogram = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      histogram.lines().limit(33).forEach(line -> System.out.println("BENCH histogram " + line));
    } catch (java.io.IOException e) {
      System.out.println("BENCH histogram: jcmd failed: " + e);
    }
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
