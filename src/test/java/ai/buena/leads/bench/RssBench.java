package ai.buena.leads.bench;

import static org.awaitility.Awaitility.await;

import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.testing.FreePorts;
import ai.buena.leads.testing.ServiceCluster;
import ai.buena.leads.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Where the resident memory of {@code serve} goes at 1,000,000 leads, phase by phase, on the data
 * {@link RestartBench} prepared ({@code bench.dir}: its broker log, the service's data directory and
 * key; copy it first, the run adds leads): after a restart on the local state, after a cursor
 * export of every lead, after {@code bench.query.seconds} of each query shape at 2 clients, and
 * after LeadCreated events at {@code bench.freshness.rate} for {@code bench.freshness.seconds} (as
 * MillionBench's last phase: 979,981 + 150,000 leads). At each phase: VmRSS, VmHWM, anonymous and
 * file-backed RSS, heap used and committed, RocksDB's shared cache, and, when the service runs with
 * {@code -XX:NativeMemoryTracking=summary}, the JVM's own committed memory per category and what
 * the anonymous RSS holds beyond it (RocksDB and glibc).
 *
 * <p>Run: {@code ops/bench/rss-serve.sh}, or {@code mvn -Pbench verify -Dit.test=RssBench
 * -Dbench.dir=/tmp/copy -Dbench.service.jvm="-Xmx1g -XX:NativeMemoryTracking=summary"}.
 */
class RssBench {
  private static final String JVM =
      System.getProperty("bench.service.jvm", "-Xmx1g -XX:NativeMemoryTracking=summary");
  private static final String MALLOC_ARENA_MAX = System.getProperty("bench.service.malloc.arena.max", "2");
  private static final Path DIR = Path.of(System.getProperty("bench.dir", "target/restart-bench-1000000"));
  private static final Duration QUERY_TIME = Duration.ofSeconds(Long.getLong("bench.query.seconds", 3));
  private static final int FRESHNESS_RATE = Integer.getInteger("bench.freshness.rate", 5_000);
  private static final Duration FRESHNESS_TIME = Duration.ofSeconds(Long.getLong("bench.freshness.seconds", 30));
  /**
   * A first probe of this many seconds before the measured one (0: none), so that the measured one
   * finds the ingest path compiled, as MillionBench's probe right after its ingest does.
   */
  private static final Duration FRESHNESS_WARMUP =
      Duration.ofSeconds(Long.getLong("bench.freshness.warmup.seconds", 0));
  private static final String WORKSPACE = "ws_bench";
  private static final String SECRET = "restart-bench-cluster-secret-0123456789";
  private static final Duration START = Duration.ofMinutes(10);
  private static final double MIB = 1024 * 1024;
  private static final Pattern NMT_LINE =
      Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

  @Test
  void measureResidentMemoryPhaseByPhase() throws Exception {
    Properties prepared = PreparedData.load(DIR.resolve("prepared.properties"));
    String key = prepared.getProperty("key");
    long live = Long.parseLong(prepared.getProperty("liveLeads"));
    List<Integer> ports = FreePorts.take(2);
    Path logs = DIR.resolve("logs").resolve(Instant.now().toString().replace(':', '-'));
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(DIR.resolve("kafka"), ports.get(0))) {
      int httpPort = ports.get(1);
      ServiceProcess service =
          ServiceProcess.serve("rss", httpPort, serveArgs(broker.bootstrapServers(), httpPort), logs)
              .withJvmOptions(Arrays.stream(JVM.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList())
              .withEnvironment(MALLOC_ARENA_MAX.isEmpty() ? Map.of() : Map.of("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX));
      info("%s: %d live leads; service %s MALLOC_ARENA_MAX=%s; load %.2f", DIR, live, JVM, MALLOC_ARENA_MAX,
          BenchSetup.loadAverage());
      try (service) {
        service.start();
        ServiceApi api = new ServiceApi(service.baseUrl(), key);
        await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> api.readyStatus() == 200);
        ServiceCluster.awaitTotal(service, "/api/v2/leads?limit=1", key, live, START);
        report("after-restart", service, api);

        CursorExport.Result export = CursorExport.run(api);
        info("export: %d leads of %d, %s, %.1f s", export.leads(), export.total(),
            export.complete() ? "complete" : "INCOMPLETE", export.nanos() / 1e9);
        report("after-export", service, api);

        ClosedLoop http = new ClosedLoop(service.port(), key);
        for (QueryShape shape : QueryShape.forLeads((int) live)) {
          Latencies latencies = http.runFor(shape.pathAndQuery(), 2, QUERY_TIME);
          info("query %s: 2 clients p50 %.2f ms p99 %.2f ms", shape.name(),
              latencies.percentileMillis(50), latencies.percentileMillis(99));
        }
        report("after-queries", service, api);

        long warmUpLeads = 0;
        if (!FRESHNESS_WARMUP.isZero()) {
          FreshnessProbe.Result warmUp =
              new FreshnessProbe(broker.bootstrapServers(), api, WORKSPACE, "warmup_")
                  .run(FRESHNESS_RATE, FRESHNESS_WARMUP, 50, Duration.ofSeconds(120));
          warmUpLeads = warmUp.produced();
          info("freshness warm-up: %d leads created at %.0f/s, p50 %.0f p99 %.0f ms", warmUp.produced(),
              warmUp.eventsPerSecond(), warmUp.latencies().percentileMillis(50),
              warmUp.latencies().percentileMillis(99));
        }
        FreshnessProbe.Result fresh =
            new FreshnessProbe(broker.bootstrapServers(), api, WORKSPACE)
                .run(FRESHNESS_RATE, FRESHNESS_TIME, 50, Duration.ofSeconds(60));
        long total = live + warmUpLeads + fresh.produced();
        await().atMost(START).pollInterval(Duration.ofMillis(500))
            .until(() -> api.total("limit=1").orElse(-1) == total);
        info("freshness: %d leads created at %.0f/s, p50 %.0f p99 %.0f ms, longest wait by %d s of"
                + " acknowledgements %s ms; %d leads now", fresh.produced(), fresh.eventsPerSecond(),
            fresh.latencies().percentileMillis(50), fresh.latencies().percentileMillis(99),
            FreshnessProbe.WINDOW.toSeconds(), java.util.Arrays.toString(fresh.worstByWindow()), total);
        report("after-all-load", service, api);
        service.terminate();
      }
    }
  }

  private static void report(String phase, ServiceProcess service, ServiceApi api) {
    long pid = service.pid();
    Map<String, Long> status = statusKib(pid);
    PrometheusText metrics = api.metrics();
    Map<String, Long> nmt = nmtCommittedKib(pid);
    long nmtTotal = nmt.getOrDefault("Total", 0L);
    StringBuilder line = new StringBuilder();
    line.append(String.format(Locale.ROOT,
        "BENCH rss phase=%s VmRSS=%.0f VmHWM=%.0f RssAnon=%.0f RssFile=%.0f MiB heapUsed=%.0f heapCommitted=%.0f"
            + " rocksdbCache=%.0f rocksdbPinned=%.0f MiB",
        phase, status.get("VmRSS") / 1024.0, status.get("VmHWM") / 1024.0, status.get("RssAnon") / 1024.0,
        status.get("RssFile") / 1024.0,
        metrics.sum("jvm_memory_used_bytes", "area=\"heap\"") / MIB,
        metrics.sum("jvm_memory_committed_bytes", "area=\"heap\"") / MIB,
        metrics.sum("leads_rocksdb_cache_usage_bytes") / MIB,
        metrics.sum("leads_rocksdb_cache_pinned_bytes") / MIB));
    long heapRssKib = heapResidentKib(pid);
    if (heapRssKib > 0) {
      line.append(String.format(Locale.ROOT, " heapRss=%.0f outsideHeapRss=%.0f MiB",
          heapRssKib / 1024.0, (status.get("VmRSS") - heapRssKib) / 1024.0));
    }
    if (nmtTotal > 0) {
      line.append(String.format(Locale.ROOT, " nmtTotal=%.0f anonBeyondNmt=%.0f MiB",
          nmtTotal / 1024.0, (status.get("RssAnon") - nmtTotal) / 1024.0));
    }
    line.append(String.format(Locale.ROOT, " threads=%d load=%.2f", status.get("Threads"), BenchSetup.loadAverage()));
    System.out.println(line);
    try {
      Path saved = Path.of("target", "rss-bench", "metrics-" + phase + ".txt");
      Files.createDirectories(saved.getParent());
      Files.writeString(saved, metrics.text());
    } catch (IOException e) {
      info("metrics of %s not saved: %s", phase, e);
    }
    System.out.println("BENCH rss phase=" + phase + " kafka-streams-rocksdb(MiB, summed over stores) "
        + rocksDbStoreMetrics(metrics.text()));
    if (!nmt.isEmpty()) {
      StringBuilder categories = new StringBuilder("BENCH rss phase=" + phase + " nmt(MiB)");
      nmt.forEach((category, kib) -> {
        if (!category.equals("Total") && kib >= 1024) {
          categories.append(String.format(Locale.ROOT, " %s=%.0f", category.replace(' ', '_'), kib / 1024.0));
        }
      });
      System.out.println(categories);
    }
  }

  /**
   * Kafka Streams' RocksDB property metrics (memtables, table readers, block cache as each store
   * sees it), summed per name over every store instance.
   */
  private static String rocksDbStoreMetrics(String exposition) {
    Map<String, Double> sums = new java.util.TreeMap<>();
    for (String line : exposition.lines().toList()) {
      if (line.startsWith("#") || !line.startsWith("kafka_stream_state_")) {
        continue;
      }
      String name = line.substring(0, line.indexOf('{') > 0 ? line.indexOf('{') : line.indexOf(' '));
      if (name.contains("mem_table") || name.contains("table_readers") || name.contains("block_cache")) {
        String[] parts = line.trim().split(" ");
        sums.merge(name.substring("kafka_stream_state_".length()), Double.parseDouble(parts[parts.length - 1]), Double::sum);
      }
    }
    StringBuilder out = new StringBuilder();
    sums.forEach((name, bytes) -> out.append(String.format(Locale.ROOT, " %s=%.1f", name, bytes / MIB)));
    return out.length() == 0 ? " (none on /metrics)" : out.toString();
  }

  /** The kB fields of {@code /proc/<pid>/status} (VmRSS, VmHWM, RssAnon, RssFile) and Threads. */
  private static Map<String, Long> statusKib(long pid) {
    Map<String, Long> fields = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        String[] parts = line.split(":\\s+");
        if (parts.length == 2 && parts[1].matches("\\d+( kB)?")) {
          fields.put(parts[0], Long.parseLong(parts[1].replace(" kB", "")));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the status of process " + pid, e);
    }
    return fields;
  }

  /**
   * Resident KiB of the Java heap's address range ({@code jcmd GC.heap_info} gives it): the pages
   * the heap has touched, which its committed size overstates until the collector has used them.
   */
  private static long heapResidentKib(long pid) {
    Matcher range =
        Pattern.compile("\\[(0x[0-9a-f]+), (0x[0-9a-f]+)\\)").matcher(jcmd(pid, "GC.heap_info"));
    if (!range.find()) {
      return -1;
    }
    long start = Long.parseUnsignedLong(range.group(1).substring(2), 16);
    long end = Long.parseUnsignedLong(range.group(2).substring(2), 16);
    long kib = 0;
    boolean inHeap = false;
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps"))) {
        Matcher mapping = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) ").matcher(line);
        if (mapping.find()) {
          long from = Long.parseUnsignedLong(mapping.group(1), 16);
          long to = Long.parseUnsignedLong(mapping.group(2), 16);
          inHeap = from >= start && to <= end;
        } else if (inHeap && line.startsWith("Rss:")) {
          kib += Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return kib;
  }

  private static String jcmd(long pid, String command) {
    try {
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), command)
              .redirectErrorStream(true)
              .start();
      String text = new String(jcmd.getInputStream().readAllBytes());
      return jcmd.waitFor(60, TimeUnit.SECONDS) ? text : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** {@code jcmd <pid> VM.native_memory summary}: committed KiB per category; empty without NMT. */
  private static Map<String, Long> nmtCommittedKib(long pid) {
    Map<String, Long> committed = new LinkedHashMap<>();
    try {
      Process jcmd =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                  Long.toString(pid), "VM.native_memory", "summary")
              .redirectErrorStream(true)
              .start();
      String text = new String(jcmd.getInputStream().readAllBytes());
      if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
        jcmd.destroyForcibly();
        return committed;
      }
      Matcher total = Pattern.compile("Total: reserved=\\d+KB, committed=(\\d+)KB").matcher(text);
      if (!total.find()) {
        return committed;
      }
      committed.put("Total", Long.parseLong(total.group(1)));
      for (String line : text.lines().map(String::trim).toList()) {
        Matcher category = NMT_LINE.matcher(line);
        if (category.find()) {
          committed.put(category.group(1), Long.parseLong(category.group(2)));
        }
      }
    } catch (IOException e) {
      return committed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return committed;
  }

  private static List<String> serveArgs(String bootstrap, int httpPort) {
    return new ArrayList<>(
        List.of(
            "--bootstrap-servers", bootstrap,
            "--data-dir", DIR.resolve("service").toString(),
            "--application-id", "restart-bench",
            "--instance-name", "restart-bench-1",
            "--advertised-url", "http://localhost:" + httpPort,
            "--cluster-secret", SECRET,
            "--standby-replicas", "1",
            "--max-in-flight", "32",
            "--cap-replication"));
  }

  private static void info(String format, Object... args) {
    System.out.println("BENCH rss info " + String.format(Locale.ROOT, format, args));
  }
}
