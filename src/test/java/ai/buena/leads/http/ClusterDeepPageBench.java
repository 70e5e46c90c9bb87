package ai.buena.leads.http;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.TestLeads;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.testing.ReferenceProjection;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a deep {@code page=N} costs when the workspace's partitions are spread over two instances
 * (each owner sends the run of its matches around its share of the offset, {@code Window}) against
 * one instance holding every partition: wall time and the CPU of the whole process (both instances
 * run in it) per request, over real HTTP and the default work budget; and whether the cluster's
 * {@code data} is the single instance's ({@code same} or {@code DIFFERENT}).
 *
 * <p>{@code mvn -o -Pbench verify -Dit.test=ClusterDeepPageBench -Dbench.leads=300000
 * -Dbench.jvm.args=-Xmx3g}
 */
class ClusterDeepPageBench {
  private static final int LEADS = Integer.getInteger("bench.leads", 300_000);
  private static final int RUNS = Integer.getInteger("bench.runs", 5);
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  @Test
  void measureDeepPagesAcrossTwoInstances() {
    ReferenceProjection reference = new ReferenceProjection();
    new HistoryGenerator(42, TestLeads.WORKSPACE, START).generate(LEADS, reference::apply);
    List<Lead> leads = new ArrayList<>(reference.leadsOf(TestLeads.WORKSPACE).values());
    try (TwoInstances cluster = new TwoInstances(leads);
        IndexedApi single = new IndexedApi(leads, ServerOptions.defaults(), cluster.keys)) {
      String key = cluster.keys.issue(TestLeads.WORKSPACE, "leads:read");
      System.out.printf(
          "BENCH cluster deep pages: %,d leads, %d runs each, load average %.2f%n",
          leads.size(), RUNS, OS.getSystemLoadAverage());
      int last = leads.size() / 100; // the last page is this one or the next
      List<String> queries = new ArrayList<>();
      for (int page : new int[] {1, 11, 101, 501, 1001, 2001, last / 2, last + 1}) {
        queries.add("?sortBy=createdAt&sortOrder=asc&limit=100&page=" + page);
      }
      long matching = single.list("?status=new&limit=1", key).json().at("/data/pagination/total").asLong();
      long lastMatching = (matching + 99) / 100;
      for (long page : new long[] {101, lastMatching / 2, lastMatching}) {
        queries.add("?status=new&sortBy=lastName&sortOrder=desc&limit=100&page=" + page);
      }
      for (String query : queries) {
        Measured one = measure(single, query, key);
        Measured two = measure(cluster.first, query, key);
        print("single ", query, one, "");
        print("cluster", query, two, one.data().equals(two.data()) ? "same" : "DIFFERENT");
      }
    }
  }

  private static Measured measure(IndexedApi instance, String query, String key) {
    instance.list(query, key);
    double[] wall = new double[RUNS];
    double[] cpu = new double[RUNS];
    ApiResponse response = null;
    for (int i = 0; i < RUNS; i++) {
      long cpuBefore = OS.getProcessCpuTime();
      long before = System.nanoTime();
      response = instance.list(query, key);
      wall[i] = (System.nanoTime() - before) / 1e6;
      cpu[i] = (OS.getProcessCpuTime() - cpuBefore) / 1e6;
    }
    Arrays.sort(wall);
    Arrays.sort(cpu);
    String outcome =
        response.status() == 200
            ? "200 total=" + response.json().at("/data/pagination/total").asLong()
            : response.status() + " " + response.json().at("/code").asText();
    return new Measured(
        wall[RUNS / 2], wall[RUNS - 1], cpu[RUNS / 2], cpu[RUNS - 1], outcome, response.json().at("/data"));
  }

  private static void print(String where, String query, Measured m, String compared) {
    System.out.printf(
        "BENCH %s %-62s wall p50 %8.1f ms max %8.1f ms  process CPU p50 %8.1f ms max %8.1f ms  %s %s%n",
        where, query, m.wallP50(), m.wallMax(), m.cpuP50(), m.cpuMax(), m.outcome(), compared);
  }

  private record Measured(
      double wallP50, double wallMax, double cpuP50, double cpuMax, String outcome, JsonNode data) {}
}
