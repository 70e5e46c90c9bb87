package ai.buena.leads.bench;

import static org.awaitility.Awaitility.await;

import ai.buena.leads.runtime.EventPublisher;
import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.testing.FreePorts;
import ai.buena.leads.testing.ServiceCluster;
import ai.buena.leads.testing.ServiceProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
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
import org.junit.jupiter.api.Test;

/**
 * Where the p99 of a list query comes from (issue 13): the service ({@code serve}, its own process,
 * as in {@link MillionBench}) over prepared data, each shape at 1, 2 and 16 closed-loop clients,
 * and for each row, beside the client's percentiles: the service's own histogram of the same
 * requests (Javalin's time, no queue, no network, no client), the CPU and the allocation per
 * request, the stop-the-world pauses of the service and of this JVM (the client's, which also runs
 * the broker) during the row, and how many of the slowest 1 % of requests overlapped one of them.
 * With {@code -Dbench.client=java,wrk} every row is also driven by {@code wrk}, a client without a
 * garbage collector.
 *
 * <p>The data is prepared once in {@code bench.dir} (generated with {@link BenchDataset}, so
 * {@code -Dbench.distribution=skewed} works, published, ingested by the service, which is then
 * stopped cleanly) and reused by every later run. {@code -Dbench.configs="A|B"} runs the service
 * once per JVM option set, {@code bench.rounds} times in turn (A, B, A, B...), so that the machine's
 * load weighs on each alike.
 *
 * <p>Run: {@code ops/bench/tail.sh}.
 */
class TailBench {
  private static final int LEADS = Integer.getInteger("bench.leads", 1_000_000);
  private static final Path DIR =
      Path.of(System.getProperty("bench.dir", "target/tail-bench-" + LEADS)).toAbsolutePath();
  private static final String XMX = System.getProperty("bench.service.xmx", "1536m");
  /** Service JVM option sets separated by {@code |}, each run in turn; one empty set by default. */
  private static final List<String> CONFIGS =
      Arrays.asList(System.getProperty("bench.configs", "").split("\\|", -1));
  /**
   * The jar of each config, separated by {@code |} as {@link #CONFIGS} (empty or missing: this
   * build's), e.g. an older build's copy for a side-by-side comparison of code.
   */
  private static final List<String> JARS =
      Arrays.asList(System.getProperty("bench.jars", "").split("\\|", -1));
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 1);
  private static final int[] CLIENT_COUNTS =
      Arrays.stream(System.getProperty("bench.clients", "1,2,16").split(","))
          .mapToInt(count -> Integer.parseInt(count.trim()))
          .toArray();
  private static final List<String> CLIENT_KINDS =
      List.of(System.getProperty("bench.client", "java").split(","));
  private static final Duration QUERY_TIME = Duration.ofSeconds(Long.getLong("bench.query.seconds", 10));
  private static final Duration WARMUP_TIME = Duration.ofSeconds(Long.getLong("bench.warmup.seconds", 3));
  /**
   * After each service start, every selected shape in turn for this long in all, at 2 clients,
   * before any row: so the first shape's rows do not carry the compilation of what all shapes run.
   */
  private static final Duration WARMUP_ALL_TIME =
      Duration.ofSeconds(Long.getLong("bench.warmup.all.seconds", 30));
  /** This JVM's own pause log, when tail.sh started it with {@link PauseLog#option}. */
  private static final String CLIENT_PAUSE_LOG = System.getProperty("bench.client.pauselog", "");
  private static final String WORKSPACE = "ws_bench";
  private static final int SMALL_WORKSPACES = 100;
  private static final int SMALL_LEADS = 50;
  /**
   * The service's {@code --max-in-flight}; 0 (the default here) leaves the service's own (8 on 2
   * cores; requests beyond it wait for a permit). Runs before 2026-12-05 used 32.
   */
  private static final int MAX_IN_FLIGHT = Integer.getInteger("bench.maxInFlight", 0);
  private static final String QUERY = "/api/v2/leads?limit=1";
  private static final String SECRET = "tail-bench-cluster-secret-0123456789";
  /**
   * The application id the data was ingested under; {@code restart-bench} reuses a directory
   * RestartBench prepared (uniform data, {@code ops/bench/restart.sh}).
   */
  private static final String APPLICATION_ID = System.getProperty("bench.application.id", "tail-bench");
  private static final Duration PREPARE = Duration.ofMinutes(90);
  private static final Duration START = Duration.ofMinutes(10);

  @Test
  void measureWhereTheTailComesFrom() throws Exception {
    Files.createDirectories(DIR);
    Path preparedFile = DIR.resolve("prepared.properties");
    Properties prepared = Files.exists(preparedFile) ? PreparedData.load(preparedFile, LEADS) : null;
    int brokerPort =
        prepared == null ? FreePorts.take(1).get(0) : Integer.parseInt(prepared.getProperty("brokerPort"));
    Path runs = DIR.resolve("runs").resolve(Instant.now().toString().replace(':', '-'));
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(DIR.resolve("kafka"), brokerPort)) {
      if (prepared == null) {
        prepared = prepare(broker.bootstrapServers(), runs);
        prepared.setProperty("brokerPort", Integer.toString(brokerPort));
        try (Writer out = Files.newBufferedWriter(preparedFile)) {
          prepared.store(out, "TailBench data in " + DIR);
        }
      }
      String key = prepared.getProperty("key");
      long live = Long.parseLong(prepared.getProperty("liveLeads"));
      info("%s: %d live leads (%s), configs %s, rounds %d, clients %s, %s; %s", DIR, live,
          prepared.getProperty("distribution"), CONFIGS, ROUNDS, Arrays.toString(CLIENT_COUNTS),
          CLIENT_KINDS, BenchSetup.uptime());
      for (int round = 1; round <= ROUNDS; round++) {
        for (int c = 0; c < CONFIGS.size(); c++) {
          String label = "r" + round + "-" + (char) ('A' + c);
          String jar = c < JARS.size() ? JARS.get(c).trim() : "";
          measure(broker.bootstrapServers(), key, live, label, CONFIGS.get(c), jar, runs.resolve(label));
        }
      }
    }
  }

  private void measure(
      String bootstrap, String key, long live, String label, String config, String jar, Path out)
      throws Exception {
    Files.createDirectories(out);
    Path serviceLog = out.resolve("service-pauses.log");
    List<String> options =
        new ArrayList<>(List.of("-Xms" + XMX, "-Xmx" + XMX, PauseLog.option(serviceLog)));
    Arrays.stream(config.trim().split("\\s+")).filter(o -> !o.isEmpty()).forEach(options::add);
    info("config %s: %s %s", label, jar.isEmpty() ? "this build" : jar, options);
    int port = ServiceProcess.freePort();
    try (ServiceProcess service =
        ServiceProcess.serve("tail-" + label, port, serveArgs(bootstrap, port), out)
            .withJvmOptions(options)
            .withJar(jar.isEmpty() ? ServiceProcess.jar() : Path.of(jar))
            .withEnvironment(Map.of("MALLOC_ARENA_MAX", "2"))) {
      service.start();
      ServiceApi api = new ServiceApi(service.baseUrl(), key);
      await().atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> api.readyStatus() == 200);
      ServiceCluster.awaitTotal(service, QUERY, key, live, START);
      ClosedLoop http = new ClosedLoop(port, key);
      List<QueryShape> shapes =
          QueryShape.selected(
              java.util.stream.Stream.concat(
                      QueryShape.forLeads(LEADS).stream(), QueryShape.varied(LEADS).stream())
                  .toList());
      for (QueryShape shape : shapes) {
        http.runFor(shape.pathAndQuery(), 2, WARMUP_ALL_TIME.dividedBy(shapes.size()));
      }
      for (QueryShape shape : shapes) {
        http.runFor(shape.pathAndQuery(), 1, WARMUP_TIME);
        for (int clients : CLIENT_COUNTS) {
          for (String kind : CLIENT_KINDS) {
            measureRow(label, kind, shape, clients, http, api, key, service, serviceLog);
          }
        }
      }
      info("config %s done: service pauses %s; CPU by thread %s", label,
          PauseLog.read(serviceLog).byCause(), ProcessCpu.breakdown(service.pid(), 10));
      service.terminate();
    }
  }

  private void measureRow(
      String label, String kind, QueryShape shape, int clients, ClosedLoop http, ServiceApi api,
      String key, ServiceProcess service, Path serviceLog) throws Exception {
    PrometheusText before = api.metrics();
    Map<String, Double> cpuBefore = cpuByRole(service.pid());
    String uptime = BenchSetup.uptime();
    long from = System.nanoTime();
    String client;
    ClosedLoop.Recorded recorded = null;
    if (kind.equals("wrk") && shape.query().contains("{page:")) {
      info("shape %s: not run with wrk, which sends one path only", shape.name());
      return;
    }
    if (kind.equals("wrk")) {
      WrkRun wrk = WrkRun.run(service.baseUrl() + shape.pathAndQuery(), key, clients, QUERY_TIME);
      client = String.format(Locale.ROOT, "p50=%.2fms p90=%.2fms p99=%.2fms rps=%.0f",
          wrk.percentileMillis().getOrDefault(50, Double.NaN), wrk.percentileMillis().getOrDefault(90, Double.NaN),
          wrk.percentileMillis().getOrDefault(99, Double.NaN), wrk.requestsPerSecond());
    } else {
      recorded = http.runRecorded(shape.pathAndQuery(), clients, QUERY_TIME);
      Latencies l = recorded.latencies();
      client = String.format(Locale.ROOT, "p50=%.2fms p90=%.2fms p99=%.2fms p999=%.2fms max=%.2fms rps=%.0f",
          l.percentileMillis(50), l.percentileMillis(90), l.percentileMillis(99), l.percentileMillis(99.9),
          l.maxMillis(), l.requestsPerSecond());
    }
    long to = System.nanoTime();
    PrometheusText after = api.metrics();
    Map<String, Double> cpuAfter = cpuByRole(service.pid());
    ServerHistogram server = ServerHistogram.of(after).minus(ServerHistogram.of(before));
    double requests = server.count();
    double allocated =
        after.sum("jvm_gc_memory_allocated_bytes_total") - before.sum("jvm_gc_memory_allocated_bytes_total");
    StringBuilder cpu = new StringBuilder();
    cpuAfter.forEach((role, seconds) -> cpu.append(String.format(Locale.ROOT, "%s=%.0f ", role,
        (seconds - cpuBefore.getOrDefault(role, 0.0)) * 1e6 / requests)));
    PauseLog servicePauses = PauseLog.read(serviceLog).between(from, to);
    PauseLog clientPauses =
        CLIENT_PAUSE_LOG.isEmpty() ? new PauseLog(List.of()) : PauseLog.read(Path.of(CLIENT_PAUSE_LOG)).between(from, to);
    System.out.printf(Locale.ROOT,
        "BENCH tail config=%s client=%s shape=%s clients=%d %s | server p50<=%.2fms p99<=%.2fms requests=%.0f"
            + " | cpuMicrosPerRequest %s| allocAtGcKiBPerRequest=%.1f | servicePauses n=%d sum=%.1fms max=%.2fms"
            + " clientPauses n=%d sum=%.1fms max=%.2fms%s | uptime=[%s]%n",
        label, kind, shape.name(), clients, client, server.percentileUpperMillis(50),
        server.percentileUpperMillis(99), requests, cpu, allocated / 1024 / requests,
        servicePauses.pauses().size(), servicePauses.totalNanos() / 1e6, servicePauses.maxNanos() / 1e6,
        clientPauses.pauses().size(), clientPauses.totalNanos() / 1e6, clientPauses.maxNanos() / 1e6,
        recorded == null ? "" : tail(recorded, servicePauses, clientPauses), uptime);
    System.out.printf(Locale.ROOT, "BENCH tail config=%s client=%s shape=%s clients=%d pausesByCause service: %s; client: %s%n",
        label, kind, shape.name(), clients, servicePauses.byCause(), clientPauses.byCause());
  }

  /**
   * Of the requests at or above the p99: the share that overlapped a pause of the service, of the
   * client, and the share of all requests that did (the chance a request meets one anyway); and the
   * p99 of the requests that met no pause of either.
   */
  private static String tail(ClosedLoop.Recorded run, PauseLog service, PauseLog client) {
    long p99 = (long) (run.latencies().percentileMillis(99) * 1e6);
    int slow = 0;
    int slowService = 0;
    int slowClient = 0;
    int allService = 0;
    int allClient = 0;
    List<Long> clean = new ArrayList<>();
    for (int i = 0; i < run.nanos().length; i++) {
      boolean s = service.hit(run.startNanos()[i], run.nanos()[i]);
      boolean c = client.hit(run.startNanos()[i], run.nanos()[i]);
      allService += s ? 1 : 0;
      allClient += c ? 1 : 0;
      if (run.nanos()[i] >= p99) {
        slow++;
        slowService += s ? 1 : 0;
        slowClient += c ? 1 : 0;
      }
      if (!s && !c) {
        clean.add(run.nanos()[i]);
      }
    }
    long[] cleanNanos = clean.stream().mapToLong(Long::longValue).toArray();
    double cleanP99 = cleanNanos.length == 0 ? Double.NaN : Latencies.of(cleanNanos, 1).percentileMillis(99);
    int all = run.nanos().length;
    return String.format(Locale.ROOT,
        " | slowest1%%=%d metServicePause=%.0f%% metClientPause=%.0f%% (all requests: %.1f%% / %.1f%%)"
            + " p99WithoutPauseHits=%.2fms",
        slow, 100.0 * slowService / slow, 100.0 * slowClient / slow, 100.0 * allService / all,
        100.0 * allClient / all, cleanP99);
  }

  /** Service CPU seconds by what the threads do: HTTP (Jetty, which runs the query), streams, GC, JIT. */
  private static Map<String, Double> cpuByRole(long pid) {
    Map<String, Double> roles = new LinkedHashMap<>();
    for (String role : List.of("total", "jetty", "stream", "gc", "jit", "other")) {
      roles.put(role, 0.0);
    }
    roles.put("total", ProcessCpu.seconds(pid));
    ProcessCpu.byThreadKind(pid).forEach((kind, seconds) -> roles.merge(role(kind), seconds, Double::sum));
    return roles;
  }

  /**
   * The role of a kind of thread, by its name as Linux keeps it (15 characters, digits taken out by
   * {@link ProcessCpu}): Kafka Streams' threads carry the application id.
   */
  private static String role(String threadKind) {
    if (threadKind.startsWith("JettyServerThre") || threadKind.startsWith("qtp")) {
      return "jetty";
    } else if (threadKind.startsWith(APPLICATION_ID.substring(0, Math.min(10, APPLICATION_ID.length())))) {
      return "stream";
    } else if (threadKind.startsWith("GC Thread") || threadKind.startsWith("G ")
        || threadKind.startsWith("VM Thread")) {
      return "gc";
    } else if (threadKind.contains("Compiler")) {
      return "jit";
    }
    return "other";
  }

  /** Generates and ingests the data, then stops the service cleanly (it saves its snapshots). */
  private static Properties prepare(String bootstrap, Path logs) throws IOException {
    BenchSetup.provisionTopics(bootstrap);
    String key = BenchSetup.createKey(bootstrap, WORKSPACE, "tail-bench");
    Path events = DIR.resolve("events.ndjson");
    BenchDataset data = BenchDataset.write(events, WORKSPACE, LEADS, SMALL_WORKSPACES, SMALL_LEADS);
    try (EventPublisher publisher = new EventPublisher(bootstrap);
        BufferedReader lines = Files.newBufferedReader(events)) {
      publisher.publish(lines, rejection -> {
        throw new IllegalStateException("generated event rejected: " + rejection);
      });
    }
    Files.delete(events);
    info("published %d events (%d leads, %d live in %s, %s); ingesting", data.events(), LEADS,
        data.expectedLeads(), WORKSPACE, BenchDataset.DISTRIBUTION);
    int port = ServiceProcess.freePort();
    try (ServiceProcess service =
        ServiceProcess.serve("prepare", port, serveArgs(bootstrap, port), logs)
            .withJvmOptions(List.of("-Xmx" + XMX))
            .withEnvironment(Map.of("MALLOC_ARENA_MAX", "2"))) {
      service.start();
      long started = System.nanoTime();
      ServiceCluster.awaitTotal(service, QUERY, key, data.expectedLeads(), PREPARE);
      info("ingested in %d s; stopping (saves the index snapshots)", (System.nanoTime() - started) / 1_000_000_000L);
      service.terminate();
    }
    Properties prepared = new Properties();
    prepared.setProperty("leads", Integer.toString(LEADS));
    prepared.setProperty("liveLeads", Long.toString(data.expectedLeads()));
    prepared.setProperty("distribution", BenchDataset.DISTRIBUTION.toString());
    prepared.setProperty("key", key);
    return prepared;
  }

  private static List<String> serveArgs(String bootstrap, int port) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers", bootstrap,
                "--data-dir", DIR.resolve("service").toString(),
                "--application-id", APPLICATION_ID,
                "--instance-name", APPLICATION_ID + "-1",
                "--advertised-url", "http://localhost:" + port,
                "--cluster-secret", SECRET,
                "--standby-replicas", "0",
                "--cap-replication"));
    if (MAX_IN_FLIGHT > 0) {
      args.addAll(List.of("--max-in-flight", String.valueOf(MAX_IN_FLIGHT)));
    }
    return args;
  }

  private static void info(String format, Object... args) {
    System.out.println("BENCH tail info " + String.format(Locale.ROOT, format, args));
  }
}
