package ai.buena.leads.bench;

import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.http.ServerOptions;
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
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * Write throughput and latency: closed-loop clients each sending {@code POST /api/v2/leads} (a new
 * lead, answered after Kafka's acks=all acknowledgement; then again, each with a new
 * Idempotency-Key) as soon as the previous one answered, on
 * an in-process broker and one instance (in-flight limit raised to 64). Prints its figures; asserts nothing about time. Run:
 * {@code mvn -o -Pbench verify -Dit.test=WriteBench -Dbench.seconds=20}.
 */
class WriteBench {
  private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
  private static final Duration WARM_UP = Duration.ofSeconds(5);

  @Test
  void measureWrites() throws Exception {
    Path dir = Files.createTempDirectory("write-bench");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0)) {
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        new TopicProvisioner(admin, TopicDeclarations.loadFromClasspath(), true).apply();
      }
      String key = ApiKeyFormat.generate();
      try (ApiKeyStore keys = new ApiKeyStore(broker.bootstrapServers())) {
        keys.createWithValue(key, "ws_bench", Set.of("leads:read", "leads:write"), "write bench");
      }
      AppConfig config =
          new AppConfig(
              broker.bootstrapServers(), 0, dir.resolve("data"), "bench-writes",
              "http://localhost:1", "bench-secret-0123456789", "exactly_once_v2", 2, 1, 0,
              Duration.ofDays(7), 1000);
      // the default limits: writes have a pool of 4 x the query limit (32 on 2 cores)
      try (LeadProjectionApp app = LeadProjectionApp.start(config, ServerOptions.defaults())) {
        app.awaitRunning(Duration.ofSeconds(120));
        String url = "http://localhost:" + app.httpPort() + "/api/v2/leads";
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
            .until(() -> post(client(), url, key, false) == 201);
        run(url, key, 4, WARM_UP, false, new AtomicLong());
        // keyed: each create carries a new Idempotency-Key, so it is checked with the lead's owner
        // before it is produced and confirmed once the projection processed it (503 when the
        // projection is more than 5 s behind: counted, not fatal)
        for (boolean keyed : new boolean[] {false, true}) {
          for (int clients : new int[] {1, 16}) {
            AtomicLong refused = new AtomicLong();
            Latencies latencies =
                run(url, key, clients, Duration.ofSeconds(SECONDS), keyed, refused);
            System.out.printf(
                "WriteBench keyed=%b clients=%d writes=%d writes/s=%.0f p50=%.1fms p99=%.1fms"
                    + " max=%.1fms not201=%d load=%.2f%n",
                keyed, clients, latencies.count(), latencies.requestsPerSecond(),
                latencies.percentileMillis(50), latencies.percentileMillis(99),
                latencies.maxMillis(), refused.get(), BenchSetup.loadAverage());
          }
        }
      }
    }
  }

  /** @param refused counts the answers other than 201 (fatal without Idempotency-Key) */
  private static Latencies run(
      String url, String key, int clients, Duration duration, boolean keyed, AtomicLong refused)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<long[]>> results = new ArrayList<>();
      long start = System.nanoTime();
      long deadline = start + duration.toNanos();
      for (int i = 0; i < clients; i++) {
        results.add(
            pool.submit(
                () -> {
                  HttpClient client = client();
                  long[] nanos = new long[1024];
                  int count = 0;
                  for (long t = System.nanoTime(); t < deadline; t = System.nanoTime()) {
                    if (post(client, url, key, keyed) != 201) {
                      refused.incrementAndGet();
                    }
                    if (count == nanos.length) {
                      nanos = Arrays.copyOf(nanos, count * 2);
                    }
                    nanos[count++] = System.nanoTime() - t;
                  }
                  return Arrays.copyOf(nanos, count);
                }));
      }
      long[] all = new long[0];
      for (Future<long[]> result : results) {
        long[] part = result.get();
        int next = all.length;
        all = Arrays.copyOf(all, next + part.length);
        System.arraycopy(part, 0, all, next, part.length);
      }
      if (!keyed && refused.get() > 0) {
        throw new IllegalStateException(refused.get() + " writes were not answered 201");
      }
      return Latencies.of(all, System.nanoTime() - start);
    } finally {
      pool.shutdownNow();
    }
  }

  private static int post(HttpClient client, String url, String key, boolean keyed)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("x-api-key", key)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\","
                        + "\"company\":\"Engines\",\"tags\":[\"bench\"]}"));
    if (keyed) {
      request.header("Idempotency-Key", UUID.randomUUID().toString());
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }
}
