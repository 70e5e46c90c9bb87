package ai.buena.leads.bench;

import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.runtime.AppConfig;
import ai.buena.leads.runtime.LeadProjectionApp;
import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.runtime.topics.TopicProvisioner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * Write-then-read-with-token: closed-loop clients each creating a lead ({@code POST}, answered
 * after acks=all) and at once reading it back ({@code GET /api/v2/leads/{id}} with the answer's
 * {@code X-Consistency-Token}, answered once the projection processed the write), on an in-process
 * broker and one instance. Prints the latency of the read alone and of the whole cycle (successful
 * cycles), and counts the cycles that did not end in 201 and 200 by what failed. Run: {@code mvn -o -Pbench verify -Dit.test=ReadYourWritesBench
 * -Dbench.seconds=20}.
 */
class ReadYourWritesBench {
  private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
  private static final Duration WARM_UP = Duration.ofSeconds(5);
  private static final Pattern ID = Pattern.compile("\"id\":\"(lead_[a-z0-9]+)\"");

  @Test
  void measureWriteThenReadWithToken() throws Exception {
    Path dir = Files.createTempDirectory("ryw-bench");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        new TopicProvisioner(admin, TopicDeclarations.loadFromClasspath(), true).apply();
      }
      String key = ApiKeyFormat.generate();
      try (ApiKeyStore keys = new ApiKeyStore(broker.bootstrapServers())) {
        keys.createWithValue(key, "ws_bench", Set.of("leads:read", "leads:write"), "ryw bench");
      }
      AppConfig config =
          new AppConfig(
              broker.bootstrapServers(), 0, dir.resolve("data"), "bench-ryw",
              "http://localhost:1", "bench-secret-0123456789", "exactly_once_v2", 2, 1, 0,
              Duration.ofDays(7), 1000);
      try (LeadProjectionApp app = LeadProjectionApp.start(config)) {
        app.awaitRunning(Duration.ofSeconds(120));
        String url = "http://localhost:" + app.httpPort() + "/api/v2/leads";
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> cycle(client(), url, key) instanceof Long);
        run(url, key, 4, WARM_UP);
        for (int clients : new int[] {1, 16}) {
          Latencies[] measured = run(url, key, clients, Duration.ofSeconds(SECONDS));
          System.out.printf(
              "ReadYourWritesBench clients=%d cycles=%d cycles/s=%.0f"
                  + " read-with-token p50=%.1fms p99=%.1fms max=%.1fms"
                  + " write+read p50=%.1fms p99=%.1fms max=%.1fms load=%.2f%n",
              clients, measured[1].count(), measured[1].requestsPerSecond(),
              measured[0].percentileMillis(50), measured[0].percentileMillis(99),
              measured[0].maxMillis(),
              measured[1].percentileMillis(50), measured[1].percentileMillis(99),
              measured[1].maxMillis(), BenchSetup.loadAverage());
        }
      }
    }
  }

  /** The read latencies and the cycle latencies. */
  private static Latencies[] run(String url, String key, int clients, Duration duration)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    java.util.concurrent.ConcurrentHashMap<String, AtomicLong> failed =
        new java.util.concurrent.ConcurrentHashMap<>();
    try {
      List<Future<long[][]>> results = new ArrayList<>();
      long start = System.nanoTime();
      long deadline = start + duration.toNanos();
      for (int i = 0; i < clients; i++) {
        results.add(
            pool.submit(
                () -> {
                  HttpClient client = client();
                  long[] reads = new long[1024];
                  long[] cycles = new long[1024];
                  int count = 0;
                  for (long t = System.nanoTime(); t < deadline; t = System.nanoTime()) {
                    Object read;
                    try {
                      read = cycle(client, url, key);
                    } catch (java.io.IOException e) {
                      read = "I/O " + e.getClass().getSimpleName();
                    }
                    if (read instanceof String failure) {
                      failed.computeIfAbsent(failure, f -> new AtomicLong()).incrementAndGet();
                      continue;
                    }
                    if (count == reads.length) {
                      reads = Arrays.copyOf(reads, count * 2);
                      cycles = Arrays.copyOf(cycles, count * 2);
                    }
                    reads[count] = (Long) read;
                    cycles[count++] = System.nanoTime() - t;
                  }
                  return new long[][] {Arrays.copyOf(reads, count), Arrays.copyOf(cycles, count)};
                }));
      }
      long[] reads = new long[0];
      long[] cycles = new long[0];
      for (Future<long[][]> result : results) {
        long[][] part = result.get();
        reads = concat(reads, part[0]);
        cycles = concat(cycles, part[1]);
      }
      System.out.printf("ReadYourWritesBench clients=%d cycles not ending in 201 and 200: %s%n", clients, failed);
      long elapsed = System.nanoTime() - start;
      return new Latencies[] {Latencies.of(reads, elapsed), Latencies.of(cycles, elapsed)};
    } finally {
      pool.shutdownNow();
    }
  }

  /** Creates a lead and reads it with the token; the read's nanoseconds, or what failed. */
  private static Object cycle(HttpClient client, String url, String key) throws Exception {
    HttpRequest post =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("x-api-key", key)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\"}"))
            .build();
    HttpResponse<String> created = client.send(post, HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      return "POST " + created.statusCode();
    }
    Matcher id = ID.matcher(created.body());
    String token = created.headers().firstValue("X-Consistency-Token").orElse(null);
    if (!id.find() || token == null) {
      return "POST without id or token";
    }
    long started = System.nanoTime();
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(url + "/" + id.group(1)))
            .timeout(Duration.ofSeconds(30))
            .header("x-api-key", key)
            .header("X-Consistency-Token", token)
            .GET()
            .build();
    HttpResponse<String> read = client.send(get, HttpResponse.BodyHandlers.ofString());
    if (read.statusCode() == 200) {
      return System.nanoTime() - started;
    }
    return "GET " + read.statusCode() + (read.body().contains("overloaded") ? " shed" : "");
  }

  private static long[] concat(long[] a, long[] b) {
    long[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }
}
