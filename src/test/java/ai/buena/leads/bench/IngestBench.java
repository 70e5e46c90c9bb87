package ai.buena.leads.bench;

import static org.awaitility.Awaitility.await;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.projection.InputPartitioning;
import ai.buena.leads.projection.ProjectionMetrics;
import ai.buena.leads.projection.TopicNames;
import ai.buena.leads.runtime.AppConfig;
import ai.buena.leads.runtime.EventPublisher;
import ai.buena.leads.runtime.LeadProjectionApp;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.runtime.topics.TopicProvisioner;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * Ingest throughput: N generated events published through the produce path, timed until the
 * projection has applied, de-duplicated or dead-lettered every one. A fresh in-process broker per
 * guarantee. Prints its figures; asserts nothing about time. Run: {@code mvn -Pbench verify
 * -Dit.test=IngestBench -Dbench.events=200000}; {@code -Dbench.inputPartitioning=any} measures the
 * projection that re-partitions its input by leadId first; {@code -Dbench.kafkaConfig=file} gives
 * the service a {@code --kafka-config} file (tuning to compare, e.g. {@code producer.linger.ms}).
 */
class IngestBench {
  private static final int TARGET_EVENTS = Integer.getInteger("bench.events", 200_000);
  /** A {@code --kafka-config} file for the service (e.g. producer.linger.ms), or none. */
  private static final Path KAFKA_CONFIG =
      System.getProperty("bench.kafkaConfig", "").isBlank()
          ? null
          : Path.of(System.getProperty("bench.kafkaConfig"));
  private static final InputPartitioning INPUT_PARTITIONING =
      InputPartitioning.fromWire(System.getProperty("bench.inputPartitioning", "checked"));

  @Test
  void measureIngestThroughput() throws Exception {
    for (String guarantee : System.getProperty("bench.guarantees", "exactly_once_v2,at_least_once").split(",")) {
      run(guarantee);
    }
  }

  private void run(String guarantee) throws Exception {
    StringBuilder lines = new StringBuilder();
    HistoryGenerator generator = new HistoryGenerator(42, "ws_bench", Instant.parse("2026-01-01T00:00:00Z"));
    var json = new ai.buena.leads.runtime.generate.EventJsonLines();
    long events = 0;
    int leads = 0;
    while (events < TARGET_EVENTS) {
      for (var event : generator.history(leads++)) {
        lines.append(json.toLine(event)).append('\n');
        events++;
      }
    }
    Path dir = Files.createTempDirectory("ingest-bench");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        new TopicProvisioner(admin, TopicDeclarations.loadFromClasspath(), true).apply();
      }
      AppConfig config =
          new AppConfig(
              broker.bootstrapServers(), 0, dir.resolve("data"), "bench-" + guarantee,
              "http://localhost:1", "bench-secret-0123456789", guarantee, 2, 1, 0,
              Duration.ofDays(7), 1000, KafkaClientConfig.load(broker.bootstrapServers(), KAFKA_CONFIG),
              TopicNames.DEFAULT, INPUT_PARTITIONING);
      try (LeadProjectionApp app = LeadProjectionApp.start(config)) {
        app.awaitRunning(Duration.ofSeconds(120));
        ProjectionMetrics metrics = app.projection().metrics();
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        long produceNanos;
        try (EventPublisher publisher = new EventPublisher(broker.bootstrapServers())) {
          publisher.publish(new BufferedReader(new StringReader(lines.toString())), r -> {});
          produceNanos = System.nanoTime() - start;
        }
        long total = events;
        await()
            .atMost(Duration.ofMinutes(10))
            .pollInterval(Duration.ofMillis(50))
            .until(
                () ->
                    metrics.appliedCount() + metrics.deduplicatedCount() + metrics.deadLetteredCount()
                        >= total);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        System.out.printf(
            "BENCH ingest guarantee=%s input=%s kafka-config=%s events=%d leads=%d produce=%.2fs all-applied=%.2fs throughput=%.0f events/s (applied=%d dlq=%d) cpu=%.1fs (%.1f µs/event, %.0f events per CPU-second) load=%.1f%n",
            guarantee, INPUT_PARTITIONING.wire(), KAFKA_CONFIG, total, leads, produceNanos / 1e9, seconds, total / seconds,
            metrics.appliedCount(), metrics.deadLetteredCount(), cpuSeconds, cpuSeconds * 1e6 / total,
            total / cpuSeconds, BenchSetup.loadAverage());
      }
    }
  }

  /**
   * CPU time of this JVM (producer, broker and projection), which a loaded machine inflates much
   * less than wall-clock time: events per CPU-second compare runs taken at different loads.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
