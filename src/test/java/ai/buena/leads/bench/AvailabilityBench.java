package ai.buena.leads.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.testing.AvailabilityPoller;
import ai.buena.leads.testing.AvailabilityPoller.Kind;
import ai.buena.leads.testing.AvailabilityPoller.Observation;
import ai.buena.leads.testing.GeneratedWorkspace;
import ai.buena.leads.testing.ServiceCluster;
import ai.buena.leads.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's availability scenarios, measured: (a) a restart of one instance on its local state
 * until complete answers; on a cluster of three (static members, one standby replica) under a
 * poller that asks every routed instance every 20 ms: (b) a rolling restart (SIGTERM, start, wait
 * ready, next), (c) a SIGKILL of one, (d) a fourth instance joining the loaded cluster. Every
 * answer is classified (complete, stale-labelled, partial, 503, 503 INSTANCE_STOPPING, 500,
 * refused); each figure is printed with the target and MET or MISSED, and the table is
 * written to {@code target/availability-bench/report.md}. Fails only when an answer is partial or
 * a 500, never on time.
 *
 * <p>Run: {@code ops/bench/availability.sh}, or {@code mvn -Pbench verify
 * -Dit.test=AvailabilityBench -Dbench.leads=100000}.
 */
class AvailabilityBench {
  private static final int LEADS = Integer.getInteger("bench.leads", 100_000);
  private static final String SERVICE_XMX = System.getProperty("bench.service.xmx", "768m");
  /**
   * Whether the services start with a class-data-sharing archive made for the jar by {@code
   * ops/cds-archive.sh}, as ops/Dockerfile's image does.
   */
  private static final boolean CDS = Boolean.getBoolean("bench.cds");
  private static final Path OUT = Path.of(System.getProperty("bench.out", "target/availability-bench"));
  /** Which scenarios run: {@code a} (restart alone) and/or {@code bcd} (the three-instance cluster). */
  private static final String SCENARIOS = System.getProperty("bench.scenarios", "abcd");
  private static final Duration POLL = Duration.ofMillis(20);
  private static final Duration LONG = Duration.ofMinutes(20);
  /** How long (d) keeps polling once the joiner answers, for a takeover after its warm-up. */
  private static final Duration JOIN_WATCH = Duration.ofSeconds(30);
  private static final String WORKSPACE = "ws_bench";
  private static final String QUERY = "/api/v2/leads?limit=25";
  private static final String SECRET = "availability-bench-cluster-secret-0123456789";

  private static final Target LOCAL_RESTART = Target.below(3_000, "ms");
  private static final Target NO_503 = Target.atMost(0, "answers");
  private static final Target NO_DARK = Target.atMost(100, "ms");
  private static final Target KILL_RECOVERY = Target.atMost(2_000, "ms");

  @TempDir Path dir;
  private final List<String> rows = new ArrayList<>();
  private final List<String> serviceJvm = new ArrayList<>(List.of("-Xmx" + SERVICE_XMX));

  @Test
  void measureEveryAvailabilityScenarioAgainstItsTarget() throws Exception {
    Files.createDirectories(OUT);
    double loadBefore = BenchSetup.loadAverage();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
      String bootstrap = broker.bootstrapServers();
      BenchSetup.provisionTopics(bootstrap);
      String key = BenchSetup.createKey(bootstrap, WORKSPACE, "availability-bench");
      GeneratedWorkspace data = GeneratedWorkspace.generate(42, WORKSPACE, LEADS);
      data.publish(bootstrap);
      info("data: %d leads, %d events, %d live leads in %s", LEADS, data.events().size(), data.liveLeads(), WORKSPACE);
      if (CDS) {
        // -Xshare:on: a JVM that cannot use the archive fails to start instead of ignoring it
        serviceJvm.addAll(List.of("-XX:SharedArchiveFile=" + cdsArchive(), "-Xshare:on"));
      }
      if (SCENARIOS.contains("a")) {
        localRestart(bootstrap, key, data);
      }
      if (!SCENARIOS.matches(".*[bcd].*")) {
        writeReport(loadBefore);
        return;
      }
      try (ServiceCluster cluster = cluster(bootstrap, "three")) {
        List<ServiceProcess> three = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
          three.add(cluster.start(cluster.add(name)));
        }
        three.forEach(i -> cluster.awaitReady(i, LONG));
        awaitComplete(three, key, data);
        if (SCENARIOS.contains("b")) {
          rollingRestart(cluster, three, key, data);
        }
        if (SCENARIOS.contains("c")) {
          killOne(cluster, three, key, data);
        }
        if (SCENARIOS.contains("d")) {
          join(cluster, three, key, data);
        }
      }
    }
    writeReport(loadBefore);
  }

  /** (a) One instance alone: SIGTERM, start on the same data directory, until complete. */
  private void localRestart(String bootstrap, String key, GeneratedWorkspace data) {
    try (ServiceCluster single = cluster(bootstrap, "single")) {
      ServiceProcess service = single.start(single.add("single"));
      single.awaitReady(service, LONG);
      awaitComplete(List.of(service), key, data);
      long stopping = System.nanoTime();
      service.sigterm();
      service.awaitExit(LONG);
      long stopMillis = millisSince(stopping);
      long starting = System.nanoTime();
      single.start(service);
      single.awaitReady(service, LONG);
      long readyMillis = millisSince(starting);
      awaitComplete(List.of(service), key, data);
      long completeMillis = millisSince(starting);
      double cpuSeconds = ProcessCpu.seconds(service.pid());
      info("(a) CPU seconds by thread at the first complete answer: %s", ProcessCpu.breakdown(service.pid(), 8));
      figure("a", "restart on local state: start to complete answers", completeMillis, "ms", LOCAL_RESTART,
          String.format(Locale.ROOT,
              "stop (drain PT5S + close) %d ms; start to ready %d ms; %.2f CPU s used by the first complete answer",
              stopMillis, readyMillis, cpuSeconds));
      service.terminate();
    }
  }

  /** (b) SIGTERM, start, wait ready, next; the poller asks every routed instance. */
  private void rollingRestart(
      ServiceCluster cluster, List<ServiceProcess> three, String key, GeneratedWorkspace data) {
    try (AvailabilityPoller poller = poll(cluster.targets(), key, data)) {
      awaitFirstAnswers(poller);
      long from = System.nanoTime();
      cluster.rollingRestart(LONG, AvailabilityBench::step);
      awaitComplete(three, key, data);
      long to = System.nanoTime();
      List<Observation> seen = poller.between(from, to);
      writeTimeline("b", seen);
      Map<Kind, Long> kinds = AvailabilityPoller.count(seen);
      figure("b", "rolling restart of 3: answers incomplete or 503", incompleteOr503(kinds), "answers", NO_503,
          kinds + String.format(Locale.ROOT, " over %.1f s", (to - from) / 1e9));
      // the poller runs in this JVM beside the broker: time it sent nothing is not the service's
      figure("b", "rolling restart of 3: longest time without a complete answer", AvailabilityPoller.longestUnansweredMillis(seen, from, to),
          "ms", NO_DARK, String.format(Locale.ROOT,
              "from any instance, 20 ms polling, while a request was on its way; between complete answers %d ms, the poller's longest pause %d ms",
              AvailabilityPoller.longestDarkMillis(seen, from, to), AvailabilityPoller.longestPauseMillis(seen, from, to)));
      assertNoPartialOr500(kinds);
    }
  }

  /** (c) SIGKILL of one of three: how long the survivors answer anything but complete. */
  private void killOne(
      ServiceCluster cluster, List<ServiceProcess> three, String key, GeneratedWorkspace data) {
    ServiceProcess victim = three.get(2);
    List<ServiceProcess> survivors = three.subList(0, 2);
    try (AvailabilityPoller poller = poll(cluster.targets(), key, data)) {
      awaitFirstAnswers(poller);
      long killed = System.nanoTime();
      victim.kill();
      awaitComplete(survivors, key, data);
      // Then a while longer: a rebalance after the session timeout may take partitions away again.
      long watchedUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> System.nanoTime() >= watchedUntil);
      List<Observation> seen = poller.between(killed, watchedUntil);
      writeTimeline("c", seen);
      long lastBad = seen.stream().filter(o -> o.kind() != Kind.COMPLETE && o.kind() != Kind.STALE)
          .mapToLong(Observation::receivedNanos).max().orElse(killed);
      Map<Kind, Long> kinds = AvailabilityPoller.count(seen);
      figure("c", "SIGKILL of 1 of 3: kill to lasting complete answers from the survivors",
          TimeUnit.NANOSECONDS.toMillis(lastBad - killed), "ms", KILL_RECOVERY,
          kinds + " in the 40 s after the kill");
      assertNoPartialOr500(kinds);
    }
    cluster.start(victim);
    cluster.awaitReady(victim, LONG);
    awaitComplete(three, key, data);
  }

  /** (d) A fourth instance with an empty data directory joins the loaded cluster. */
  private void join(
      ServiceCluster cluster, List<ServiceProcess> three, String key, GeneratedWorkspace data) {
    ServiceProcess joiner = cluster.add("d");
    try (AvailabilityPoller poller = poll(cluster.targets(joiner), key, data)) {
      awaitFirstAnswers(poller);
      long from = System.nanoTime();
      step("start joiner " + joiner.name());
      cluster.start(joiner);
      cluster.awaitReady(joiner, LONG);
      step("ready " + joiner.name());
      long readyMillis = millisSince(from);
      awaitComplete(List.of(joiner), key, data);
      long watchedUntil = System.nanoTime() + JOIN_WATCH.toNanos();
      org.awaitility.Awaitility.await().atMost(JOIN_WATCH.plusSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> System.nanoTime() >= watchedUntil);
      List<Observation> seen = poller.between(from, watchedUntil);
      writeTimeline("d", seen);
      Map<Kind, Long> kinds = AvailabilityPoller.count(seen);
      figure("d", "join of a 4th: answers incomplete or 503", incompleteOr503(kinds), "answers", NO_503,
          kinds + String.format(Locale.ROOT, "; joiner ready after %d ms, then watched %d s", readyMillis, JOIN_WATCH.toSeconds()));
      assertNoPartialOr500(kinds);
    }
  }

  private ServiceCluster cluster(String bootstrap, String name) {
    return new ServiceCluster(
        bootstrap, "availability-" + name + "-" + UUID.randomUUID(), SECRET, dir.resolve(name),
        OUT.resolve("service-logs").resolve(name), List.of(), serviceJvm);
  }

  /** A class-data-sharing archive for the jar the services run, made by {@code ops/cds-archive.sh}. */
  private static Path cdsArchive() throws IOException, InterruptedException {
    Path jar = Path.of("target", "lead-projection.jar").toAbsolutePath();
    Path archive = OUT.resolve("lead-projection.jsa").toAbsolutePath();
    Process training =
        new ProcessBuilder("ops/cds-archive.sh", jar.toString(), archive.toString())
            .redirectErrorStream(true)
            .redirectOutput(OUT.resolve("cds-archive.log").toFile())
            .start();
    if (!training.waitFor(10, TimeUnit.MINUTES) || training.exitValue() != 0) {
      training.destroyForcibly();
      throw new IllegalStateException("ops/cds-archive.sh failed, see " + OUT.resolve("cds-archive.log"));
    }
    info("CDS archive %s (%d bytes)", archive, Files.size(archive));
    return archive;
  }

  private static AvailabilityPoller poll(
      List<AvailabilityPoller.Target> targets, String key, GeneratedWorkspace data) {
    return AvailabilityPoller.start(targets, QUERY, key, data.liveLeads(), POLL);
  }

  private static void awaitFirstAnswers(AvailabilityPoller poller) {
    org.awaitility.Awaitility.await().atMost(LONG).until(() -> !poller.observations().isEmpty());
  }

  private static void awaitComplete(List<ServiceProcess> instances, String key, GeneratedWorkspace data) {
    instances.forEach(i -> ServiceCluster.awaitTotal(i, QUERY, key, data.liveLeads(), LONG));
  }

  private static long incompleteOr503(Map<Kind, Long> kinds) {
    return kinds.get(Kind.PARTIAL) + kinds.get(Kind.UNAVAILABLE) + kinds.get(Kind.STOPPING)
        + kinds.get(Kind.ERROR) + kinds.get(Kind.OTHER);
  }

  private static void assertNoPartialOr500(Map<Kind, Long> kinds) {
    assertThat(kinds.get(Kind.PARTIAL)).as("partial answers").isZero();
    assertThat(kinds.get(Kind.ERROR)).as("500 answers").isZero();
  }

  private void figure(String scenario, String name, double value, String unit, Target target, String detail) {
    String line = String.format(Locale.ROOT, "| (%s) %s | %.0f %s | %s | %s | %s |",
        scenario, name, value, unit, target.text(),
        target.verdict(value), detail);
    rows.add(line);
    System.out.println("BENCH availability " + line);
  }

  /** A step of a scenario, with its wall-clock time, to read beside the timeline and the logs. */
  private static void step(String what) {
    info("step %s %s", Instant.now(), what);
  }

  /** Every answer of a scenario, one line each ({@link AvailabilityPoller#timeline}). */
  private static void writeTimeline(String scenario, List<Observation> seen) {
    try {
      Files.write(OUT.resolve("timeline-" + scenario + ".tsv"), AvailabilityPoller.timeline(seen));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void info(String format, Object... args) {
    System.out.println("BENCH availability info " + String.format(Locale.ROOT, format, args));
  }

  private void writeReport(double loadBefore) throws IOException {
    List<String> report = new ArrayList<>();
    report.add(String.format(Locale.ROOT,
        "Run %s on %d cores (Java %s), load average %.2f before and %.2f after; %,d generated leads"
            + " (seed 42) in one workspace, service `%s`, defaults otherwise (static members,"
            + " session timeout 30 s, drain 5 s, 1 standby replica, exactly-once). Query `GET %s`;"
            + " poller every 20 ms on every instance a load balancer would route to (ready since"
            + " its start, until its process ends).",
        Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC",
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
        loadBefore, BenchSetup.loadAverage(), LEADS, String.join(" ", serviceJvm), QUERY));
    report.add("");
    report.add("| scenario | measured | target | verdict | answers / detail |");
    report.add("|---|---|---|---|---|");
    report.addAll(rows);
    Files.write(OUT.resolve("report.md"), report);
    report.forEach(line -> System.out.println("BENCH availability report " + line));
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
