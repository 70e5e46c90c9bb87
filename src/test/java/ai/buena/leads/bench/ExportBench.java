package ai.buena.leads.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.runtime.AppConfig;
import ai.buena.leads.runtime.EventPublisher;
import ai.buena.leads.runtime.LeadProjectionApp;
import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Cursor export throughput (issue 13's target: at least 100,000 leads/s): one workspace of {@code
 * bench.leads} generated leads, exported {@code bench.passes} times in a row by one client through
 * {@link CursorExport} (100 leads a page, {@code cursor=}, every page parsed). Service, client and
 * broker share this JVM, so its CPU time per exported lead is the export's whole cost on this
 * machine, and less distorted by other processes than leads/s. Each pass prints leads/s, the
 * process's and the client thread's CPU per lead, and {@code uptime}. Fails only on an incomplete
 * export. Run: {@code mvn -o -Pbench verify -Dit.test=ExportBench -Dbench.leads=100000}; a JFR
 * profile: add {@code -Dbench.jvm.args=-XX:StartFlightRecording=filename=/tmp/export.jfr}.
 */
class ExportBench {
  private static final int LEADS = Integer.getInteger("bench.leads", 100_000);
  private static final int PASSES = Integer.getInteger("bench.passes", 5);
  private static final String WORKSPACE = "ws_bench";
  /** Loads faster than exactly_once_v2; does not change how queries are answered. */
  private static final String GUARANTEE = "at_least_once";

  @Test
  void measureCursorExport() throws Exception {
    Path dir = Files.createTempDirectory("export-bench");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
      BenchSetup.provisionTopics(broker.bootstrapServers());
      try (LeadProjectionApp app = LeadProjectionApp.start(config(broker, dir))) {
        app.awaitRunning(Duration.ofSeconds(120));
        BenchDataset data = load(broker.bootstrapServers(), dir);
        String key = BenchSetup.createKey(broker.bootstrapServers(), WORKSPACE, "export-bench");
        ServiceApi api = new ServiceApi("http://localhost:" + app.httpPort(), key);
        await()
            .atMost(Duration.ofMinutes(30))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> api.total("limit=1").equals(OptionalLong.of(data.expectedLeads())));
        System.out.printf("BENCH export ready: %d leads in %s%n", data.expectedLeads(), WORKSPACE);
        for (int pass = 1; pass <= PASSES; pass++) {
          measurePass(api, pass);
        }
      }
    }
  }

  private static void measurePass(ServiceApi api, int pass) throws IOException {
    ThreadCpu cpu = ThreadCpu.snapshot();
    long clientCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    CursorExport.Result export = CursorExport.run(api);
    long processCpu = cpu.processNanos();
    clientCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - clientCpu;
    Map<String, Long> byThreadGroup = cpu.byGroup();
    System.out.printf(
        "BENCH export pass=%d %s leads=%d requests=%d seconds=%.2f leadsPerSecond=%.0f "
            + "processCpuMicrosPerLead=%.2f clientThreadCpuMicrosPerLead=%.2f leadsPerProcessCpuSecond=%.0f "
            + "at=%s uptime=[%s]%n",
        pass, export.complete() ? "complete" : "INCOMPLETE", export.leads(), export.requests(),
        export.nanos() / 1e9, export.leadsPerSecond(), processCpu / 1e3 / export.leads(),
        clientCpu / 1e3 / export.leads(), export.leads() / (processCpu / 1e9),
        Instant.now(), uptime());
    System.out.printf(
        "BENCH export pass=%d cpuMicrosPerLeadByThread=%s%n",
        pass, ThreadCpu.perUnit(byThreadGroup, export.leads()));
    assertThat(export.complete()).as("the cursor export returned every lead exactly once").isTrue();
  }

  private static String uptime() throws IOException {
    Process uptime = new ProcessBuilder("uptime").redirectErrorStream(true).start();
    return new String(uptime.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
  }

  private static AppConfig config(EmbeddedKafkaBroker broker, Path dir) throws IOException {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return new AppConfig(
        broker.bootstrapServers(), port, dir.resolve("data"), "export-bench",
        "http://localhost:" + port, "bench-secret-0123456789", GUARANTEE, 2, 1, 0,
        Duration.ofDays(7), 1000);
  }

  /** Generates and publishes the workspace's events (no small workspaces: the export reads one). */
  private static BenchDataset load(String bootstrapServers, Path dir) throws Exception {
    long start = System.nanoTime();
    BenchDataset data = BenchDataset.write(dir.resolve("events.ndjson"), WORKSPACE, LEADS, 0, 0);
    try (EventPublisher publisher = new EventPublisher(bootstrapServers);
        BufferedReader lines = Files.newBufferedReader(data.file())) {
      publisher.publish(
          lines,
          rejection -> {
            throw new IllegalStateException("generated event rejected: " + rejection);
          });
    }
    System.out.printf(
        "BENCH export load: %d events (%d leads generated) published in %.1fs%n",
        data.events(), LEADS, (System.nanoTime() - start) / 1e9);
    return data;
  }
}
