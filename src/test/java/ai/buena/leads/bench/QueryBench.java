package ai.buena.leads.bench;

import static org.awaitility.Awaitility.await;

import ai.buena.leads.http.ServerOptions;
import ai.buena.leads.projection.ProjectionMetrics;
import ai.buena.leads.runtime.AppConfig;
import ai.buena.leads.runtime.EventPublisher;
import ai.buena.leads.runtime.LeadProjectionApp;
import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HTTP query latency of {@code GET /api/v2/leads} over one large workspace (plus many small ones),
 * per {@link QueryShape}, with 1 and 2 closed-loop clients ({@code -Dbench.clients=1,2,16}), and
 * the CPU per request of the server's threads and of the whole JVM ({@code -Dbench.shapes} picks
 * shapes). Prints one {@code BENCH query} line per
 * shape and client count, then a markdown table for docs/benchmarks.md. Asserts only that every
 * answer is 200. Run: {@code mvn -Pbench verify -Dit.test=QueryBench -Dbench.leads=100000
 * -Dbench.requests=2000 -Dbench.warmup=300}.
 */
class QueryBench {
  private static final int LEADS = Integer.getInteger("bench.leads", 100_000);
  private static final int REQUESTS = Integer.getInteger("bench.requests", 2_000);
  private static final int WARMUP = Integer.getInteger("bench.warmup", 300);
  /** {@code -Dbench.clients=1,2,16}: the closed-loop client counts measured per shape. */
  private static final int[] CLIENT_COUNTS =
      java.util.Arrays.stream(System.getProperty("bench.clients", "1,2").split(","))
          .mapToInt(count -> Integer.parseInt(count.trim()))
          .toArray();
  /**
   * Above the most clients of a row: the default (8 on 2 cores) would shed half of 16 clients
   * with 503, and this benchmark measures answers, not shedding (as MillionBench).
   */
  private static final int MAX_IN_FLIGHT = 32;
  private static final String WORKSPACE = "ws_bench";
  private static final int SMALL_WORKSPACES = 100;
  private static final int SMALL_LEADS = 50;
  /** Loads faster than exactly_once_v2; does not change how queries are answered. */
  private static final String GUARANTEE = "at_least_once";
  private static final int STREAM_THREADS = 2;
  /** 1 = one instance holds every partition; 2 = a cluster of two, queried through the first. */
  private static final int INSTANCES = Integer.getInteger("bench.instances", 1);

  private final ObjectMapper json = new ObjectMapper();

  /**
   * One shape at one client count; {@code serverCpuNanos}: the CPU time of Jetty's threads (which
   * run the whole request: parsing, auth, the query, the answer's JSON), {@code processCpuNanos}
   * the JVM's (clients and broker included).
   */
  private record Row(
      QueryShape shape, int clients, Latencies latencies, long total, long serverCpuNanos,
      long processCpuNanos) {
    double serverMicrosPerRequest() {
      return serverCpuNanos / 1e3 / latencies.count();
    }

    double processMicrosPerRequest() {
      return processCpuNanos / 1e3 / latencies.count();
    }
  }

  @Test
  void measureQueryLatency() throws Exception {
    Path dir = Files.createTempDirectory("query-bench");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
      BenchSetup.provisionTopics(broker.bootstrapServers());
      List<LeadProjectionApp> apps = new ArrayList<>();
      try {
        for (int i = 0; i < INSTANCES; i++) {
          apps.add(
              LeadProjectionApp.start(
                  config(broker, dir, i), ServerOptions.defaults().withMaxInFlight(MAX_IN_FLIGHT)));
        }
        for (LeadProjectionApp instance : apps) {
          instance.awaitRunning(Duration.ofSeconds(120));
        }
        LeadProjectionApp app = apps.get(0);
        BenchDataset data = load(broker.bootstrapServers(), apps, dir);
        ClosedLoop http = new ClosedLoop(app.httpPort(), BenchSetup.createKey(broker.bootstrapServers(), WORKSPACE, "bench"));
        awaitKey(http);
        awaitTotal(http, data.expectedLeads());
        double loadBefore = BenchSetup.loadAverage();
        List<Row> rows = new ArrayList<>();
        for (QueryShape shape : QueryShape.selected(QueryShape.forLeads(LEADS))) {
          rows.addAll(measure(http, shape));
        }
        printMarkdown(rows, data, loadBefore, BenchSetup.loadAverage());
      } finally {
        apps.forEach(LeadProjectionApp::close);
      }
    }
  }

  private static AppConfig config(EmbeddedKafkaBroker broker, Path dir, int instance)
      throws java.io.IOException {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return new AppConfig(
        broker.bootstrapServers(), port, dir.resolve("data-" + instance), "query-bench",
        "http://localhost:" + port, "bench-secret-0123456789", GUARANTEE,
        INSTANCES == 1 ? STREAM_THREADS : 1, 1, 0, Duration.ofDays(7), 1000);
  }

  /** Generates, publishes and waits until the projection has processed every event. */
  private static BenchDataset load(String bootstrapServers, List<LeadProjectionApp> apps, Path dir)
      throws Exception {
    long start = System.nanoTime();
    BenchDataset data =
        BenchDataset.write(dir.resolve("events.ndjson"), WORKSPACE, LEADS, SMALL_WORKSPACES, SMALL_LEADS);
    try (EventPublisher publisher = new EventPublisher(bootstrapServers);
        BufferedReader lines = Files.newBufferedReader(data.file())) {
      publisher.publish(lines, rejection -> {
        throw new IllegalStateException("generated event rejected: " + rejection);
      });
    }
    await()
        .atMost(Duration.ofMinutes(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> apps.stream().mapToLong(a -> processed(a.projection().metrics())).sum() >= data.events());
    ProjectionMetrics metrics = apps.get(0).projection().metrics();
    System.out.printf(
        "BENCH query load: %d instance(s), %d events (%d leads in %s, %d workspaces of %d) processed in %.1fs, "
            + "guarantee=%s, dead-lettered=%d%n",
        apps.size(), data.events(), LEADS, WORKSPACE, SMALL_WORKSPACES, SMALL_LEADS,
        (System.nanoTime() - start) / 1e9, GUARANTEE, metrics.deadLetteredCount());
    return data;
  }

  private static long processed(ProjectionMetrics metrics) {
    return metrics.appliedCount() + metrics.deduplicatedCount() + metrics.deadLetteredCount();
  }

  private static void awaitKey(ClosedLoop http) {
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> http.status("/api/v2/health") == 200);
  }

  private void awaitTotal(ClosedLoop http, long expected) {
    await()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> total(http, "/api/v2/leads?limit=1") == expected);
    System.out.printf("BENCH query ready: %s answers total=%d%n", WORKSPACE, expected);
  }

  private long total(ClosedLoop http, String pathAndQuery) throws Exception {
    return json.readTree(http.get(pathAndQuery)).path("data").path("pagination").path("total").asLong(-1);
  }

  /** Warms the shape up, then measures it once per client count. */
  private List<Row> measure(ClosedLoop http, QueryShape shape) throws Exception {
    long total = total(http, shape.pathAndQuery());
    http.run(shape.pathAndQuery(), 1, WARMUP);
    List<Row> rows = new ArrayList<>();
    for (int clients : CLIENT_COUNTS) {
      ThreadCpu cpu = ThreadCpu.snapshot();
      Latencies latencies = http.run(shape.pathAndQuery(), clients, REQUESTS);
      Row row = new Row(shape, clients, latencies, total, cpu.serverNanos(), cpu.processNanos());
      printLine(row);
      rows.add(row);
    }
    return rows;
  }

  private static void printLine(Row row) {
    Latencies l = row.latencies();
    System.out.printf(
        "BENCH query shape=%s clients=%d p50=%.2fms p99=%.2fms max=%.2fms rps=%.0f total=%d requests=%d "
            + "serverCpuMicrosPerRequest=%.1f processCpuMicrosPerRequest=%.1f uptime=[%s]%n",
        row.shape().name(), row.clients(), l.percentileMillis(50), l.percentileMillis(99),
        l.maxMillis(), l.requestsPerSecond(), row.total(), l.count(), row.serverMicrosPerRequest(),
        row.processMicrosPerRequest(), BenchSetup.uptime());
  }

  private static void printMarkdown(List<Row> rows, BenchDataset data, double loadBefore, double loadAfter) {
    StringBuilder md = new StringBuilder();
    md.append(String.format(
        "%nQuery latency, %s, " + INSTANCES + " instance(s): %d leads in `%s` (+%d workspaces of %d), %d events, %s, %d stream threads; "
            + "%d requests per row after %d warm-up requests; closed loop, HTTP/1.1 keep-alive.%n",
        Instant.now().toString().substring(0, 10), data.expectedLeads(), WORKSPACE, SMALL_WORKSPACES,
        SMALL_LEADS, data.events(), GUARANTEE, STREAM_THREADS, REQUESTS, WARMUP));
    md.append(String.format(
        "Machine: %d CPUs (nproc), max heap %d MiB, Java %s (%s); load average %.2f before, %.2f after.%n%n",
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"), System.getProperty("java.vm.name"), loadBefore, loadAfter));
    md.append("| shape | query | clients | p50 ms | p99 ms | max ms | rps | total | server CPU µs/req | process CPU µs/req |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : rows) {
      Latencies l = row.latencies();
      md.append(String.format(
          "| %s | `%s` | %d | %.2f | %.2f | %.2f | %.0f | %d | %.0f | %.0f |%n",
          row.shape().name(), row.shape().query(), row.clients(), l.percentileMillis(50),
          l.percentileMillis(99), l.maxMillis(), l.requestsPerSecond(), row.total(),
          row.serverMicrosPerRequest(), row.processMicrosPerRequest()));
    }
    md.append("\n`total`: the matching leads the shape's query reports (`pagination.total`).\n");
    System.out.print(md);
  }
}
