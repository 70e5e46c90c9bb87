package ai.buena.leads.bench;

import static org.awaitility.Awaitility.await;

import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import com.fasterxml.jackson.databind.ObjectMapper;
import ai.buena.leads.testing.FreePorts;
import ai.buena.leads.testing.GeneratedWorkspace;
import ai.buena.leads.testing.ServiceCluster;
import ai.buena.leads.testing.ServiceProcess;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 (a), repeated: one {@code serve} restarted on its local state, each start timed (a poll
 * every 20 ms) to its first stale-labelled complete list answer (the full total with {@code
 * X-Lead-Data-Staleness}), to {@code /health/ready} and to a complete list answer (the full total,
 * no staleness header), with the CPU seconds the process had used by
 * then (total and per kind of thread) and its {@code start-up:} log lines. The data is prepared once
 * in {@code bench.dir} (the broker's log, the service's data directory, the API key): the first run
 * generates and ingests it, which takes minutes at 1,000,000 leads; later runs only restart. With
 * {@code bench.compare.jar}, restarts alternate between this build's jar and that one, so both are
 * measured at the same load (the snapshot format must be the same).
 *
 * <p>Run: {@code ops/bench/restart.sh}, or {@code mvn -Pbench verify -Dit.test=RestartBench
 * -Dbench.leads=1000000 -Dbench.restarts=4 [-Dbench.compare.jar=/tmp/main/target/lead-projection.jar]
 * [-Dbench.service.jvm="-Xms2g"] [-Dbench.compare.jvm=...] [-Dbench.cds=this|compare|both]}; {@code
 * -Dbench.compare.jar=self} compares this jar with itself under other JVM options.
 */
class RestartBench {
  private static final int LEADS = Integer.getInteger("bench.leads", 1_000_000);
  private static final String XMX = System.getProperty("bench.service.xmx", "2g");
  private static final int RESTARTS = Integer.getInteger("bench.restarts", 4);
  private static final String COMPARE = System.getProperty("bench.compare.jar", "");
  /** More JVM options of the service (space-separated) from this build's jar... */
  private static final String JVM = System.getProperty("bench.service.jvm", "");
  /** ...and from the compared one (by default the same). */
  private static final String COMPARE_JVM = System.getProperty("bench.compare.jvm", JVM);
  /**
   * Which jars start with a class-data-sharing archive made for them by {@code ops/cds-archive.sh}
   * before the restarts: none, {@code this}, {@code compare} or {@code both}.
   */
  private static final String CDS = System.getProperty("bench.cds", "none");
  /**
   * Whether the compared jar restarts on a data directory of its own ({@code service-compare}, a
   * copy of {@code service} made before the first restart): each jar then starts on what it saved
   * itself at its last stop (files one build writes and the other does not know, such as h-early's
   * {@code leads.index-snapshot.committed}, stay consistent).
   */
  private static final boolean COMPARE_OWN_DATA = Boolean.getBoolean("bench.compare.ownData");
  private static final Path DIR =
      Path.of(System.getProperty("bench.dir", "target/restart-bench-" + LEADS)).toAbsolutePath();
  private static final String WORKSPACE = "ws_bench";
  private static final String QUERY = "/api/v2/leads?limit=25";
  private static final String SECRET = "restart-bench-cluster-secret-0123456789";
  private static final Duration PREPARE = Duration.ofMinutes(60);
  private static final Duration START = Duration.ofMinutes(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The header of a stale-labelled answer (docs/http-api.md). */
  private static final String STALENESS_HEADER = "X-Lead-Data-Staleness";
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  @Test
  void measureRestartsOnLocalState() throws Exception {
    Files.createDirectories(DIR);
    Path preparedFile = DIR.resolve("prepared.properties");
    Properties prepared = Files.exists(preparedFile) ? PreparedData.load(preparedFile, LEADS) : null;
    int brokerPort;
    int httpPort;
    if (prepared == null) {
      List<Integer> ports = FreePorts.take(2);
      brokerPort = ports.get(0);
      httpPort = ports.get(1);
    } else {
      brokerPort = Integer.parseInt(prepared.getProperty("brokerPort"));
      httpPort = Integer.parseInt(prepared.getProperty("httpPort"));
    }
    Path logs = DIR.resolve("logs").resolve(Instant.now().toString().replace(':', '-'));
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(DIR.resolve("kafka"), brokerPort)) {
      String bootstrap = broker.bootstrapServers();
      if (prepared == null) {
        prepared = prepare(bootstrap, httpPort, logs);
        prepared.setProperty("brokerPort", Integer.toString(brokerPort));
        prepared.setProperty("httpPort", Integer.toString(httpPort));
        try (Writer out = Files.newBufferedWriter(preparedFile)) {
          prepared.store(out, "RestartBench data in " + DIR);
        }
      }
      String key = prepared.getProperty("key");
      long live = Long.parseLong(prepared.getProperty("liveLeads"));
      Path thisJar = ServiceProcess.jar();
      Path compareJar = COMPARE.isBlank() ? null : COMPARE.equals("self") ? thisJar : Path.of(COMPARE);
      List<String> thisOptions = jvmOptions(JVM);
      List<String> compareOptions = jvmOptions(COMPARE_JVM);
      if (CDS.equals("this") || CDS.equals("both")) {
        thisOptions.add("-XX:SharedArchiveFile=" + cdsArchive(thisJar, "this"));
      }
      if (compareJar != null && (CDS.equals("compare") || CDS.equals("both"))) {
        compareOptions.add("-XX:SharedArchiveFile=" + cdsArchive(compareJar, "compare"));
      }
      info("%s: %d live leads in %s; this jar %s %s; compared with %s %s",
          DIR, live, WORKSPACE, thisJar, thisOptions, compareJar == null ? "(none)" : compareJar, compareOptions);
      Path compareData = DIR.resolve("service");
      if (compareJar != null && COMPARE_OWN_DATA) {
        compareData = DIR.resolve("service-compare");
        if (!Files.exists(compareData)) {
          copyDirectory(DIR.resolve("service"), compareData);
        }
      }
      for (int i = 1; i <= RESTARTS; i++) {
        boolean other = compareJar != null && i % 2 == 0;
        String label = other ? "compare" : "this";
        Path dataDir = other ? compareData : DIR.resolve("service");
        ServiceProcess service =
            ServiceProcess.serve("restart" + i + "-" + label, httpPort, serveArgs(bootstrap, httpPort, dataDir), logs)
                .withJvmOptions(other ? compareOptions : thisOptions)
                .withJar(other ? compareJar : thisJar);
        restart(i, label, service, key, live);
      }
    }
  }

  private static void copyDirectory(Path from, Path to) throws IOException, InterruptedException {
    Process copy = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
    if (copy.waitFor() != 0) {
      throw new IOException("could not copy " + from + " to " + to);
    }
  }

  /** A class-data-sharing archive for {@code jar}, made by {@code ops/cds-archive.sh}. */
  private static Path cdsArchive(Path jar, String label) throws IOException, InterruptedException {
    Path archive = DIR.resolve("cds-" + label + ".jsa");
    long started = System.nanoTime();
    Process training =
        new ProcessBuilder("ops/cds-archive.sh", jar.toString(), archive.toString())
            .redirectErrorStream(true)
            .redirectOutput(DIR.resolve("cds-" + label + ".log").toFile())
            .start();
    if (!training.waitFor(10, TimeUnit.MINUTES) || training.exitValue() != 0) {
      training.destroyForcibly();
      throw new IllegalStateException("ops/cds-archive.sh failed, see " + DIR.resolve("cds-" + label + ".log"));
    }
    info("CDS archive for %s jar: %s (%d bytes) in %d s", label, archive, Files.size(archive),
        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    return archive;
  }

  /** Generates and ingests the data, then stops the service cleanly (it saves its snapshots). */
  private static Properties prepare(String bootstrap, int httpPort, Path logs) {
    BenchSetup.provisionTopics(bootstrap);
    String key = BenchSetup.createKey(bootstrap, WORKSPACE, "restart-bench");
    GeneratedWorkspace data = GeneratedWorkspace.generate(42, WORKSPACE, LEADS);
    long generated = data.events().size();
    data.publish(bootstrap);
    long live = data.liveLeads();
    data = null; // the events are in Kafka now; the heap is the service's to measure beside
    info("published %d events (%d leads, %d live); ingesting", generated, LEADS, live);
    ServiceProcess service =
        ServiceProcess.serve("prepare", httpPort, serveArgs(bootstrap, httpPort), logs)
            .withJvmOptions(jvmOptions(JVM));
    service.start();
    long started = System.nanoTime();
    awaitReady(service, PREPARE);
    ServiceCluster.awaitTotal(service, QUERY, key, live, PREPARE);
    info("ingested in %d s; stopping (saves the index snapshots)", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    service.terminate();
    Properties prepared = new Properties();
    prepared.setProperty("leads", Integer.toString(LEADS));
    prepared.setProperty("liveLeads", Long.toString(live));
    prepared.setProperty("key", key);
    return prepared;
  }

  private static void restart(int round, String label, ServiceProcess service, String key, long live) {
    double loadBefore = BenchSetup.loadAverage();
    long starting = System.nanoTime();
    service.start();
    long pid = service.pid();
    StartPoll poll = StartPoll.until(service, key, live, starting, START);
    double completeCpu = ProcessCpu.seconds(pid);
    String threads = ProcessCpu.breakdown(pid, 8);
    long stopping = System.nanoTime();
    service.terminate();
    System.out.printf(Locale.ROOT,
        "BENCH restart round=%d jar=%s first_stale=%s ms (%s) ready=%d ms complete=%d ms"
            + " not_complete_after_first=%d cpu_complete=%.2f s stop=%d ms load=%.2f..%.2f%n",
        round, label, poll.firstStaleMillis < 0 ? "-" : Long.toString(poll.firstStaleMillis),
        poll.firstStaleHeader,
        poll.readyMillis, poll.completeMillis, poll.notCompleteAfterFirst, completeCpu,
        millisSince(stopping),
        loadBefore, BenchSetup.loadAverage());
    System.out.println("BENCH restart round=" + round + " cpu_by_thread(s) " + threads);
    System.out.println("BENCH restart round=" + round + " " + startupLines(service.log()));
  }

  /**
   * Every 20 ms from the start: {@code /health/ready}, and the list page with the full total. Ms
   * since the start to the first 200 with the full total and the staleness header (a stale-labelled
   * complete answer), to ready, and to the first 200 with the full total and no header (complete);
   * and how many answers between the first of those and the complete one were not complete.
   */
  private static final class StartPoll {
    long firstStaleMillis = -1;
    String firstStaleHeader = "-";
    long readyMillis = -1;
    long completeMillis = -1;
    /** Answers after the first complete one that were not complete (a 503, or none at all). */
    int notCompleteAfterFirst;

    static StartPoll until(ServiceProcess service, String key, long live, long starting, Duration deadline) {
      StartPoll poll = new StartPoll();
      HttpRequest ready = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/health/ready"))
          .timeout(Duration.ofSeconds(2)).build();
      HttpRequest page = HttpRequest.newBuilder(URI.create(service.baseUrl() + QUERY))
          .header("x-api-key", key).timeout(Duration.ofSeconds(10)).build();
      await().atMost(deadline).pollInterval(Duration.ofMillis(20)).until(() -> {
        if (poll.readyMillis < 0 && status(ready) == 200) {
          poll.readyMillis = millisSince(starting);
        }
        if (poll.completeMillis < 0) {
          HttpResponse<String> answer = send(page);
          boolean whole = answer != null && answer.statusCode() == 200 && total(answer) == live;
          if (!whole && poll.firstStaleMillis >= 0) {
            poll.notCompleteAfterFirst++;
          }
          if (whole) {
            if (answer.headers().firstValue(STALENESS_HEADER).isPresent()) {
              if (poll.firstStaleMillis < 0) {
                poll.firstStaleMillis = millisSince(starting);
                poll.firstStaleHeader = answer.headers().firstValue(STALENESS_HEADER).orElseThrow();
              }
            } else {
              poll.completeMillis = millisSince(starting);
            }
          }
        }
        return poll.readyMillis >= 0 && poll.completeMillis >= 0;
      });
      return poll;
    }

    private static int status(HttpRequest request) {
      try {
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }

    private static HttpResponse<String> send(HttpRequest request) {
      try {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    private static long total(HttpResponse<String> answer) {
      try {
        return JSON.readTree(answer.body()).path("data").path("pagination").path("total").asLong(-1);
      } catch (IOException e) {
        return -1;
      }
    }
  }

  /** The service's {@code start-up: <step> after N ms} lines, as {@code step=N}. */
  private static String startupLines(Path log) {
    try (Stream<String> lines = Files.lines(log)) {
      return lines
          .filter(line -> line.contains("start-up: "))
          .map(line -> line.substring(line.indexOf("start-up: ") + 10))
          .map(line -> line.replaceAll(" after (\\d+) ms.*", "=$1"))
          .collect(Collectors.joining("; ", "start-up(ms) ", ""));
    } catch (IOException e) {
      return "start-up lines unreadable: " + e;
    }
  }

  private static List<String> serveArgs(String bootstrap, int httpPort) {
    return serveArgs(bootstrap, httpPort, DIR.resolve("service"));
  }

  private static List<String> serveArgs(String bootstrap, int httpPort, Path dataDir) {
    return List.of(
        "--bootstrap-servers", bootstrap,
        "--data-dir", dataDir.toString(),
        "--application-id", "restart-bench",
        "--instance-name", "restart-bench-1",
        "--advertised-url", "http://localhost:" + httpPort,
        "--cluster-secret", SECRET,
        "--standby-replicas", "1",
        "--cap-replication");
  }

  private static List<String> jvmOptions(String more) {
    List<String> options = new ArrayList<>(List.of("-Xmx" + XMX));
    Arrays.stream(more.trim().split("\\s+")).filter(o -> !o.isEmpty()).forEach(options::add);
    return options;
  }

  private static void awaitReady(ServiceProcess service, Duration deadline) {
    HttpRequest ready = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/health/ready"))
        .timeout(Duration.ofSeconds(2)).build();
    await().atMost(deadline).pollInterval(Duration.ofMillis(20)).until(() -> {
      try {
        return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
      } catch (IOException e) {
        return false;
      }
    });
  }

  private static void info(String format, Object... args) {
    System.out.println("BENCH restart info " + String.format(Locale.ROOT, format, args));
  }

  private static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }
}
