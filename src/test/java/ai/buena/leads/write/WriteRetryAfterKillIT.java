package ai.buena.leads.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.projection.Names;
import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.runtime.topics.TopicProvisioner;
import ai.buena.leads.testing.ServiceProcess;
import ai.buena.leads.testing.TopicReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creates with an {@code Idempotency-Key} sent by concurrent clients to the real service ({@code
 * serve} as a child process), which is killed with SIGKILL while they are in flight: some writes
 * were acknowledged by Kafka but never answered. Every client then retries every write with the
 * same key on the restarted service. Each lead must exist exactly once, with the id the first answer
 * gave (when there was one), and no retry may reach the dead-letter topic.
 */
class WriteRetryAfterKillIT {
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final int WRITES = 160;
  private static final int CLIENTS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  @TempDir Path tmp;

  private EmbeddedKafkaBroker kafka;
  private ServiceProcess service;

  @BeforeEach
  void ownBroker() {
    kafka = EmbeddedKafkaBroker.start(tmp.resolve("kafka"), 0);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      new TopicProvisioner(admin, TopicDeclarations.loadFromClasspath(), true, DEADLINE).apply();
    }
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
    kafka.close();
  }

  @Test
  void shouldCreateEachLeadOnceWhenWritesAreRetriedAfterASigkillBetweenProduceAndAnswer()
      throws Exception {
    String workspace = "ws_kill_" + Long.toHexString(System.nanoTime());
    String key = ApiKeyFormat.generate();
    try (ApiKeyStore keys = new ApiKeyStore(kafka.bootstrapServers())) {
      keys.createWithValue(key, workspace, Set.of("leads:read", "leads:write"), "kill IT");
    }
    int port = ServiceProcess.freePort();
    service =
        ServiceProcess.serve(
            "writes-kill",
            port,
            List.of(
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--data-dir", tmp.resolve("data").toString(),
                "--application-id", "writes-kill",
                "--advertised-url", "http://localhost:" + port,
                "--cluster-secret", "writes-kill-cluster-secret-0123456789",
                "--cap-replication"),
            Path.of("target", "write-retry-after-kill"));
    service.start();
    awaitReady(key);

    Map<Integer, String> firstAnswers = new ConcurrentHashMap<>();
    AtomicInteger answered = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> sent = new ArrayList<>();
    for (int i = 0; i < WRITES; i++) {
      int n = i;
      sent.add(
          clients.submit(
              () -> create(key, n).ifPresent(id -> {
                firstAnswers.put(n, id);
                answered.incrementAndGet();
              })));
    }
    await().atMost(DEADLINE).until(() -> answered.get() >= WRITES / 4);
    service.kill();
    for (Future<?> f : sent) {
      f.get();
    }
    clients.shutdown();
    int unanswered = WRITES - firstAnswers.size();

    service.start();
    awaitReady(key);
    Map<Integer, String> retried = new HashMap<>();
    for (int i = 0; i < WRITES; i++) {
      int n = i;
      retried.put(n, await().atMost(DEADLINE).until(() -> create(key, n), Optional::isPresent).get());
    }

    firstAnswers.forEach((n, id) -> assertThat(retried.get(n)).isEqualTo(id));
    await().atMost(DEADLINE).ignoreExceptions().untilAsserted(
        () -> assertThat(total(key)).isEqualTo(WRITES));
    Set<String> leadIds = Set.copyOf(retried.values());
    assertThat(leadIds).hasSize(WRITES);
    List<ConsumerRecord<byte[], byte[]>> events =
        TopicReader.readAll(kafka.bootstrapServers(), Names.LEAD_EVENTS);
    long produced = events.stream().filter(r -> leadIds.contains(keyOf(r))).count();
    List<ConsumerRecord<byte[], byte[]>> dead =
        TopicReader.readAll(kafka.bootstrapServers(), Names.LEAD_EVENTS_DLQ);
    assertThat(dead.stream().filter(r -> leadIds.contains(keyOf(r)))).isEmpty();
    System.out.printf(
        "WriteRetryAfterKillIT writes=%d answeredBeforeKill=%d unanswered=%d eventsProduced=%d%n",
        WRITES, firstAnswers.size(), unanswered, produced);
    // every write was sent again after the restart: its event is in the log twice (or once, when
    // the first attempt died before Kafka had it), and the projection holds it once
    assertThat(produced).isGreaterThan(WRITES);
  }

  private Optional<String> create(String key, int n) {
    String body =
        "{\"firstName\":\"Lead\",\"lastName\":\"" + n + "\",\"email\":\"l" + n + "@example.com\"}";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v2/leads"))
            .timeout(Duration.ofSeconds(15))
            .header("x-api-key", key)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", "kill-" + n)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        return Optional.empty();
      }
      return Optional.of(JSON.readTree(response.body()).at("/data/id").asText());
    } catch (Exception refusedOrKilled) {
      return Optional.empty();
    }
  }

  private long total(String key) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v2/leads?limit=1"))
            .header("x-api-key", key)
            .build();
    JsonNode body = JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    return body.at("/data/pagination/total").asLong();
  }

  private void awaitReady(String key) {
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(
        () -> {
          HttpRequest ready =
              HttpRequest.newBuilder(URI.create(service.baseUrl() + "/health/ready")).build();
          HttpRequest health =
              HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v2/health"))
                  .header("x-api-key", key)
                  .build();
          return HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200
              && HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        });
  }

  private static String keyOf(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
  }
}
