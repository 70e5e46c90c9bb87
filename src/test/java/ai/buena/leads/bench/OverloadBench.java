package ai.buena.leads.bench;

import static org.awaitility.Awaitility.await;

import ai.buena.leads.http.ServerOptions;
import ai.buena.leads.runtime.EventPublisher;
import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.testing.ServiceProcess;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Overload at a multiple of capacity. The real service ({@code java -jar
 * target/lead-projection.jar serve}, a child process, so that its RSS is its own) on an
 * in-process broker, loaded with generated leads; then:
 *
 * <ol>
 *   <li>capacity: a closed loop of {@code bench.clients} clients sends one moderately expensive
 *       query ({@code bench.query}) for {@code bench.capacitySeconds}; capacity = answers/s;
 *   <li>overload: an open loop sends the same query at {@code bench.factor} × capacity (fixed
 *       arrival times, whatever the answers) for {@code bench.overloadSeconds}; latencies are from
 *       each request's scheduled time, so a client that falls behind shows up in them.
 * </ol>
 *
 * <p>Reports admitted (200) vs shed (503) and limited (429) answers, latencies of admitted and of
 * shed answers, per 5-second slot too, and the service's RSS ({@code /proc/<pid>/status} VmRSS),
 * heap used ({@code jvm_memory_used_bytes{area="heap"}} of its {@code /metrics}) and live threads,
 * sampled every 500 ms. Prints {@code BENCH overload ...} lines and a markdown table. Asserts
 * nothing. Run: {@code mvn -Pbench verify -Dit.test=OverloadBench -Dbench.leads=30000}; {@code
 * -Dbench.maxInFlight=N} overrides the service's default in-flight limit.
 */
class OverloadBench {
  private static final int LEADS = Integer.getInteger("bench.leads", 30_000);
  /**
   * QueryShape's follow-up: a filtered, date-bounded page of 100 leads ordered by last contact
   * (moderately expensive: filter, order and 100 leads of JSON).
   */
  private static final String QUERY =
      System.getProperty(
          "bench.query",
          "status=contacted&lastContactedBefore=2025-06-01&sortBy=lastContactedAt&sortOrder=asc&limit=100");
  private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
  private static final int CAPACITY_SECONDS = Integer.getInteger("bench.capacitySeconds", 15);
  private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmupSeconds", 30);
  private static final int OVERLOAD_SECONDS = Integer.getInteger("bench.overloadSeconds", 45);
  private static final double FACTOR = Double.parseDouble(System.getProperty("bench.factor", "2"));
  private static final int MAX_IN_FLIGHT =
      Integer.getInteger("bench.maxInFlight", ServerOptions.DEFAULT_MAX_IN_FLIGHT);
  private static final String SERVICE_HEAP = System.getProperty("bench.serviceHeap", "1g");
  /** Requests the generator keeps open at most; beyond, an arrival is counted as not sent. */
  private static final int CLIENT_OUTSTANDING = 4_000;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
  private static final int SLOT_SECONDS = 5;
  private static final String WORKSPACE = "ws_bench";
  private static final int SMALL_WORKSPACES = 20;
  private static final int SMALL_LEADS = 50;

  private static final String SHED_METRIC = "http_server_shed_total";
  private static final String ROUTE_TIMER = "http_server_requests_seconds";
  private static final String[] ADMITTED_LABELS = {
    "method=\"GET\"", "route=\"/api/v2/leads\"", "status=\"200\""
  };

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void measureOverload() throws Exception {
    Path dir = Files.createTempDirectory("overload-bench");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
      BenchSetup.provisionTopics(broker.bootstrapServers());
      int port = ServiceProcess.freePort();
      try (ServiceProcess service =
          ServiceProcess.serve(
                  "service",
                  port,
                  List.of(
                      "--bootstrap-servers", broker.bootstrapServers(),
                      "--data-dir", dir.resolve("data").toString(),
                      "--application-id", "overload-bench",
                      "--advertised-url", "http://localhost:" + port,
                      "--cluster-secret", "overload-bench-secret-0123456789",
                      "--processing-guarantee", "at_least_once",
                      "--stream-threads", "2",
                      "--standby-replicas", "0",
                      "--cap-replication",
                      "--max-in-flight", Integer.toString(MAX_IN_FLIGHT)),
                  Path.of("target", "overload-bench"))
              .withJvmOptions(List.of("-Xmx" + SERVICE_HEAP))
              .start()) {
        String key = BenchSetup.createKey(broker.bootstrapServers(), WORKSPACE, "overload bench");
        String base = service.baseUrl();
        BenchDataset data = load(broker.bootstrapServers(), dir, base, key);
        Sampler sampler = Sampler.start(service.pid(), base);
        try {
          double loadBefore = BenchSetup.loadAverage();
          sampler.phase("warm-up");
          closedLoop(base, key, CLIENTS, WARMUP_SECONDS);
          sampler.phase("capacity");
          Closed capacity = closedLoop(base, key, CLIENTS, CAPACITY_SECONDS);
          System.out.printf(
              "BENCH overload capacity clients=%d seconds=%d answers=%d rps=%.0f p50=%.2fms p99=%.2fms max=%.2fms errors=%d%n",
              CLIENTS, CAPACITY_SECONDS, capacity.latencies().count(), capacity.rps(),
              capacity.latencies().percentileMillis(50), capacity.latencies().percentileMillis(99),
              capacity.latencies().maxMillis(), capacity.errors());
          double target = FACTOR * capacity.rps();
          PrometheusText before = new PrometheusText(metrics(base));
          sampler.phase("overload");
          Open overload = openLoop(base, key, target, OVERLOAD_SECONDS);
          sampler.phase("after");
          PrometheusText after = new PrometheusText(metrics(base));
          long shedCounted = (long) (after.sum(SHED_METRIC) - before.sum(SHED_METRIC));
          long served =
              (long) (after.sum(ROUTE_TIMER + "_count", ADMITTED_LABELS)
                  - before.sum(ROUTE_TIMER + "_count", ADMITTED_LABELS));
          double servedSeconds =
              after.sum(ROUTE_TIMER + "_sum", ADMITTED_LABELS)
                  - before.sum(ROUTE_TIMER + "_sum", ADMITTED_LABELS);
          System.out.printf(
              "BENCH overload server-side admitted=%d meanInRoute=%.2fms (Javalin's time in the route, from the service's /metrics)%n",
              served, served == 0 ? Double.NaN : servedSeconds * 1000 / served);
          awaitSamplesOf(sampler, "after");
          double loadAfter = BenchSetup.loadAverage();
          report(data, capacity, overload, shedCounted, sampler, loadBefore, loadAfter);
        } finally {
          sampler.stop();
        }
      }
    }
  }

  // --- set-up ---

  private BenchDataset load(String bootstrapServers, Path dir, String base, String key)
      throws Exception {
    long start = System.nanoTime();
    BenchDataset data =
        BenchDataset.write(
            dir.resolve("events.ndjson"), WORKSPACE, LEADS, SMALL_WORKSPACES, SMALL_LEADS);
    try (EventPublisher publisher = new EventPublisher(bootstrapServers);
        BufferedReader lines = Files.newBufferedReader(data.file())) {
      publisher.publish(
          lines,
          rejection -> {
            throw new IllegalStateException("generated event rejected: " + rejection);
          });
    }
    HttpClient client = newClient();
    await()
        .atMost(Duration.ofMinutes(15))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(() -> total(client, base, key) == data.expectedLeads());
    System.out.printf(
        "BENCH overload data leads=%d events=%d (+%d workspaces of %d) answered completely %.1fs after the start of generation%n",
        data.expectedLeads(), data.events(), SMALL_WORKSPACES, SMALL_LEADS,
        (System.nanoTime() - start) / 1e9);
    return data;
  }

  private long total(HttpClient client, String base, String key) throws Exception {
    HttpResponse<String> answer =
        client.send(request(base + "/api/v2/leads?limit=1", key), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      return -1;
    }
    return json.readTree(answer.body()).path("data").path("pagination").path("total").asLong(-1);
  }

  // --- closed loop (capacity) ---

  private record Closed(Latencies latencies, long errors, double rps) {}

  /** {@code clients} threads, each with its own connection, for {@code seconds}. */
  private static Closed closedLoop(String base, String key, int clients, int seconds)
      throws Exception {
    HttpRequest request = request(base + "/api/v2/leads?" + QUERY, key);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    ConcurrentLinkedQueue<Long> nanos = new ConcurrentLinkedQueue<>();
    AtomicLong errors = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < clients; i++) {
      Thread thread =
          new Thread(
              () -> {
                HttpClient client = newClient();
                while (System.nanoTime() < end) {
                  long sent = System.nanoTime();
                  try {
                    int status =
                        client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 200) {
                      nanos.add(System.nanoTime() - sent);
                    } else {
                      errors.incrementAndGet();
                    }
                  } catch (IOException e) {
                    errors.incrementAndGet();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                  }
                }
              },
              "closed-loop-" + i);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long wall = System.nanoTime() - start;
    long[] all = nanos.stream().mapToLong(Long::longValue).toArray();
    return new Closed(Latencies.of(all, wall), errors.get(), all.length / (wall / 1e9));
  }

  // --- open loop (overload) ---

  /** One answer (or failure) of the open loop; status 0 = no answer, -1 = never sent. */
  private record Outcome(long scheduledNanos, int status, long latencyNanos) {}

  private record Open(
      double targetRps, long startNanos, long wallNanos, List<Outcome> outcomes, long lateMaxNanos) {}

  /**
   * Requests at fixed arrival times {@code start + i / rps}, each sent when due whatever the others
   * are doing (asynchronously, on as many connections as needed); latency runs from the scheduled
   * time.
   */
  private static Open openLoop(String base, String key, double rps, int seconds)
      throws InterruptedException {
    HttpClient client = newClient();
    HttpRequest request = request(base + "/api/v2/leads?" + QUERY, key);
    Semaphore outstanding = new Semaphore(CLIENT_OUTSTANDING);
    ConcurrentLinkedQueue<Outcome> collected = new ConcurrentLinkedQueue<>();
    long total = Math.round(rps * seconds);
    double period = 1e9 / rps;
    long start = System.nanoTime();
    long lateMax = 0;
    for (long i = 0; i < total; i++) {
      long due = start + Math.round(i * period);
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      lateMax = Math.max(lateMax, System.nanoTime() - due);
      if (!outstanding.tryAcquire()) {
        collected.add(new Outcome(due, -1, 0));
        continue;
      }
      client
          .sendAsync(request, HttpResponse.BodyHandlers.discarding())
          .whenComplete(
              (answer, failure) -> {
                long latency = System.nanoTime() - due;
                collected.add(new Outcome(due, failure == null ? answer.statusCode() : 0, latency));
                outstanding.release();
              });
    }
    long sendingDone = System.nanoTime();
    if (!outstanding.tryAcquire(
        CLIENT_OUTSTANDING, REQUEST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
      throw new IllegalStateException("requests still open long after their timeout");
    }
    return new Open(rps, start, sendingDone - start, List.copyOf(collected), lateMax);
  }

  // --- the service's memory ---

  private record Sample(String phase, long atNanos, long rssBytes, long heapBytes, long threads) {}

  /** Samples the service every 500 ms: VmRSS, heap used, live threads; tagged with the phase. */
  private static final class Sampler {
    private final long pid;
    private final String base;
    private final HttpClient client = newClient();
    private final AtomicReference<String> phase = new AtomicReference<>("idle");
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private Sampler(long pid, String base) {
      this.pid = pid;
      this.base = base;
    }

    static Sampler start(long pid, String base) {
      Sampler sampler = new Sampler(pid, base);
      sampler.timer.scheduleAtFixedRate(sampler::sample, 0, 500, TimeUnit.MILLISECONDS);
      return sampler;
    }

    void phase(String name) {
      phase.set(name);
    }

    void stop() {
      timer.shutdownNow();
    }

    List<Sample> of(String name) {
      return samples.stream().filter(s -> s.phase().equals(name)).toList();
    }

    private void sample() {
      try {
        long rss = ProcessMemory.of(pid).residentBytes();
        String metrics =
            client
                .send(
                    HttpRequest.newBuilder(URI.create(base + "/metrics"))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        samples.add(
            new Sample(
                phase.get(),
                System.nanoTime(),
                rss,
                (long) new PrometheusText(metrics).sum("jvm_memory_used_bytes", "area=\"heap\""),
                (long) new PrometheusText(metrics).sum("jvm_threads_live_threads")));
      } catch (IOException | RuntimeException e) {
        System.out.println("BENCH overload sample failed: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }



  private static String metrics(String base) throws Exception {
    return newClient()
        .send(
            HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static void awaitSamplesOf(Sampler sampler, String phase) {
    await().atMost(Duration.ofSeconds(30)).until(() -> sampler.of(phase).size() >= 6);
  }

  // --- report ---

  private static void report(
      BenchDataset data,
      Closed capacity,
      Open run,
      long shedCounted,
      Sampler sampler,
      double loadBefore,
      double loadAfter) {
    List<Outcome> all = run.outcomes();
    Latencies admitted = latenciesOf(all, 200);
    Latencies shed = latenciesOf(all, 503);
    long limited = count(all, 429);
    long failed = count(all, 0);
    long notSent = count(all, -1);
    long other =
        all.stream().filter(o -> !Set.of(200, 503, 429, 0, -1).contains(o.status())).count();
    double seconds = run.wallNanos() / 1e9;
    System.out.printf(
        "BENCH overload run target=%.0frps offered=%.0frps seconds=%.1f maxInFlight=%d arrivals=%d admitted=%d shed503=%d limited429=%d other=%d failed=%d notSent=%d serverCountedShed=%d generatorLateMax=%.1fms%n",
        run.targetRps(), all.size() / seconds, seconds, MAX_IN_FLIGHT, all.size(),
        admitted.count(), shed.count(), limited, other, failed, notSent, shedCounted,
        run.lateMaxNanos() / 1e6);
    System.out.printf(
        "BENCH overload admitted rps=%.0f p50=%.2fms p99=%.2fms max=%.2fms; shed p50=%.2fms p99=%.2fms max=%.2fms%n",
        admitted.count() / seconds, pct(admitted, 50), pct(admitted, 99), max(admitted),
        pct(shed, 50), pct(shed, 99), max(shed));
    for (String phase : List.of("warm-up", "capacity", "overload", "after")) {
      List<Sample> samples = sampler.of(phase);
      System.out.printf(
          "BENCH overload memory phase=%s samples=%d rssMaxMiB=%d rssLastMiB=%d heapMaxMiB=%d heapLastMiB=%d threadsMax=%d%n",
          phase, samples.size(), mib(samples, Sample::rssBytes, true),
          mib(samples, Sample::rssBytes, false), mib(samples, Sample::heapBytes, true),
          mib(samples, Sample::heapBytes, false),
          samples.stream().mapToLong(Sample::threads).max().orElse(0));
    }

    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            "%nOverload, %s: one `serve` process (-Xmx%s, --max-in-flight %d, at_least_once, 2 stream threads), %d leads in `%s` (+%d workspaces of %d); query `%s`. "
                + "Machine: %d CPUs, load average %.2f before, %.2f after (generator, broker and service on the same cores).%n%n",
            Instant.now().toString().substring(0, 16), SERVICE_HEAP, MAX_IN_FLIGHT,
            data.expectedLeads(), WORKSPACE, SMALL_WORKSPACES, SMALL_LEADS, QUERY,
            Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter));
    md.append("| phase | offered rps | answered 200 /s | 503 shed | p50 ms | p99 ms | max ms |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    md.append(
        String.format(
            "| capacity (closed loop, %d clients, %d s) | — | %.0f | 0 | %.2f | %.2f | %.2f |%n",
            CLIENTS, CAPACITY_SECONDS, capacity.rps(), pct(capacity.latencies(), 50),
            pct(capacity.latencies(), 99), max(capacity.latencies())));
    md.append(
        String.format(
            "| overload (open loop, %.1f× = %.0f rps, %.0f s) | %.0f | %.0f | %d (%.0f %%) | %.2f | %.2f | %.2f |%n",
            FACTOR, run.targetRps(), seconds, all.size() / seconds, admitted.count() / seconds,
            shed.count(), 100.0 * shed.count() / Math.max(1, all.size()), pct(admitted, 50),
            pct(admitted, 99), max(admitted)));
    md.append(
        String.format(
            "%nShed answers (503): p50 %.2f ms, p99 %.2f ms. Other outcomes: 429 %d, other status %d, no answer %d, not sent %d.%n",
            pct(shed, 50), pct(shed, 99), limited, other, failed, notSent));
    md.append("\n| overload slot | arrivals | 200 | 503 | 200 p50 ms | 200 p99 ms | 200 max ms |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    int slots = (OVERLOAD_SECONDS + SLOT_SECONDS - 1) / SLOT_SECONDS;
    for (int slot = 0; slot < slots; slot++) {
      long from = run.startNanos() + TimeUnit.SECONDS.toNanos((long) slot * SLOT_SECONDS);
      long to = from + TimeUnit.SECONDS.toNanos(SLOT_SECONDS);
      List<Outcome> in =
          all.stream().filter(o -> o.scheduledNanos() >= from && o.scheduledNanos() < to).toList();
      Latencies ok = latenciesOf(in, 200);
      md.append(
          String.format(
              "| %d–%d s | %d | %d | %d | %.2f | %.2f | %.2f |%n",
              slot * SLOT_SECONDS, (slot + 1) * SLOT_SECONDS, in.size(), ok.count(),
              count(in, 503), pct(ok, 50), pct(ok, 99), max(ok)));
    }
    md.append("\n| service memory, phase | samples | RSS max MiB | RSS last MiB | heap used max MiB | heap used last MiB | live threads max |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (String phase : List.of("warm-up", "capacity", "overload", "after")) {
      List<Sample> samples = sampler.of(phase);
      md.append(
          String.format(
              "| %s | %d | %d | %d | %d | %d | %d |%n",
              phase, samples.size(), mib(samples, Sample::rssBytes, true),
              mib(samples, Sample::rssBytes, false), mib(samples, Sample::heapBytes, true),
              mib(samples, Sample::heapBytes, false),
              samples.stream().mapToLong(Sample::threads).max().orElse(0)));
    }
    System.out.print(md);
  }

  private static Latencies latenciesOf(List<Outcome> outcomes, int status) {
    long[] nanos =
        outcomes.stream()
            .filter(o -> o.status() == status)
            .mapToLong(Outcome::latencyNanos)
            .toArray();
    return Latencies.of(nanos, 1);
  }

  private static long count(List<Outcome> outcomes, int status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  private static double pct(Latencies latencies, double percentile) {
    return latencies.count() == 0 ? Double.NaN : latencies.percentileMillis(percentile);
  }

  private static double max(Latencies latencies) {
    return latencies.count() == 0 ? Double.NaN : latencies.maxMillis();
  }

  private static long mib(
      List<Sample> samples, java.util.function.ToLongFunction<Sample> field, boolean max) {
    if (samples.isEmpty()) {
      return 0;
    }
    long value =
        max
            ? samples.stream().mapToLong(field).max().orElse(0)
            : field.applyAsLong(samples.get(samples.size() - 1));
    return value >> 20;
  }

  // --- HTTP ---

  private static HttpRequest request(String url, String key) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(REQUEST_TIMEOUT)
        .header("x-api-key", key)
        .GET()
        .build();
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }
}
