package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.consistency.ConsistencyTokens;
import ai.buena.leads.projection.DedupeEntries;
import ai.buena.leads.projection.Names;
import ai.buena.leads.testing.FreePorts;
import ai.buena.leads.testing.GroupCatchUp;
import ai.buena.leads.testing.HttpCalls;
import ai.buena.leads.testing.HttpCalls.Answer;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TestTopics;
import ai.buena.leads.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idempotency-Key reuse on a real broker with two instances: a key used on one instance with one
 * body is refused (409, nothing produced) with another body on the other instance and after a
 * restart (its answer cache gone), a retry with the same body gets the same lead and applies once,
 * and of two requests racing with the same key and different bodies exactly one wins, the one the
 * projection holds. Several keys each, so the leads fall on partitions of both instances.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IdempotencyAcrossInstancesIT {
  private static final Duration STARTED = Duration.ofSeconds(60);
  private static final String CLUSTER_SECRET = "idem-it-secret-" + UUID.randomUUID();
  private static final int KEYS = 6;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static final String suffix =
      UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final String workspace = "ws_idem_" + suffix;
  private static final List<LeadProjectionApp> apps = new ArrayList<>();
  private static final List<Integer> ports = new ArrayList<>();
  @TempDir static Path dataDir;
  private static String apiKey;

  @BeforeAll
  static void startTwoInstances() {
    TestTopics.ensureDeclaredTopics();
    ports.addAll(FreePorts.take(2));
    apps.add(start(0));
    apps.add(start(1));
    awaitRunning();
    apiKey = ApiKeyFormat.generate();
    try (ApiKeyStore keys = new ApiKeyStore(SharedKafka.bootstrapServers())) {
      keys.createWithValue(apiKey, workspace, Set.of("leads:read", "leads:write"), "idempotency IT");
    }
    for (int i = 0; i < 2; i++) {
      String url = url(i);
      await()
          .atMost(STARTED)
          .untilAsserted(
              () ->
                  assertThat(HttpCalls.get(url + "/api/v2/leads", Map.of("x-api-key", apiKey)).status())
                      .isEqualTo(200));
    }
  }

  @AfterAll
  static void stop() {
    CompletableFuture.allOf(
            apps.stream()
                .map(app -> CompletableFuture.runAsync(app::close))
                .toArray(CompletableFuture[]::new))
        .join();
  }

  @Test
  void shouldAnswer409OnTheOtherInstanceToAKeyReusedWithAnotherBodyAndProduceNothing() {
    for (int i = 0; i < KEYS; i++) {
      String key = "reuse-" + suffix + "-" + i;
      HttpResponse<String> created = post(0, key, body("Ada" + i));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String leadId = leadId(created);

      HttpResponse<String> reused = post(1, key, body("Grace" + i));

      assertThat(reused.statusCode()).as(reused.body()).isEqualTo(409);
      assertThat(HttpCalls.parse(reused.body()).get("code").asText())
          .isEqualTo("IDEMPOTENCY_KEY_REUSED");
      assertThat(eventsOf(leadId)).as("events of %s", leadId).hasSize(1);
    }
  }

  @Test
  void shouldAnswerARetryWithTheSameBodyOnTheOtherInstanceWithTheSameLeadAppliedOnce() {
    for (int i = 0; i < KEYS; i++) {
      String key = "retry-" + suffix + "-" + i;
      HttpResponse<String> created = post(0, key, body("Ada" + i));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

      HttpResponse<String> retried = post(1, key, body("Ada" + i));

      assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
      String leadId = leadId(created);
      assertThat(leadId(retried)).isEqualTo(leadId);
      Answer read = read(1, leadId, retried);
      assertThat(read.json().at("/data/lead/firstName").asText()).isEqualTo("Ada" + i);
      assertThat(read.json().at("/data/lead/createdAt").asText())
          .isEqualTo(HttpCalls.parse(created.body()).at("/data/createdAt").asText());
      List<ConsumerRecord<byte[], byte[]>> events = eventsOf(leadId);
      assertThat(events).hasSize(2);
      assertThat(header(events.get(0))).isEqualTo(header(events.get(1))).matches("[0-9a-f]{64}");
    }
  }

  @Test
  void shouldLetExactlyOneOfTwoConcurrentRequestsWithOneKeyAndTwoBodiesWin() {
    for (int i = 0; i < KEYS; i++) {
      String key = "race-" + suffix + "-" + i;
      CompletableFuture<HttpResponse<String>> ada =
          CompletableFuture.supplyAsync(() -> post(0, key, body("Ada" + key)));
      CompletableFuture<HttpResponse<String>> grace =
          CompletableFuture.supplyAsync(() -> post(1, key, body("Grace" + key)));
      List<HttpResponse<String>> answers = List.of(ada.join(), grace.join());

      assertThat(answers)
          .extracting(HttpResponse::statusCode)
          .as("%s: %s", key, answers.stream().map(HttpResponse::body).toList())
          .containsExactlyInAnyOrder(201, 409);
      HttpResponse<String> won =
          answers.stream().filter(a -> a.statusCode() == 201).findFirst().orElseThrow();
      Answer read = read(0, leadId(won), won);
      assertThat(read.json().at("/data/lead/firstName").asText())
          .isEqualTo(HttpCalls.parse(won.body()).at("/data/firstName").asText());
    }
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: the others do not wait out the partitions moving after it
  void shouldAnswer409AfterARestartHasEmptiedTheInstancesAnswerCache() {
    List<String> leadIds = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      HttpResponse<String> created = post(1, "restart-" + suffix + "-" + i, body("Ada" + i));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      leadIds.add(leadId(created));
    }

    restart(1);

    for (int i = 0; i < KEYS; i++) {
      String key = "restart-" + suffix + "-" + i;
      HttpResponse<String> reused = postOnceWritable(1, key, body("Grace" + i));
      assertThat(reused.statusCode()).as(reused.body()).isEqualTo(409);
      assertThat(eventsOf(leadIds.get(i))).hasSize(1);
    }
  }

  private static String body(String firstName) {
    return "{\"firstName\":\"" + firstName + "\",\"lastName\":\"L\",\"email\":\"a@b.co\"}";
  }

  private static String leadId(HttpResponse<String> created) {
    return HttpCalls.parse(created.body()).at("/data/id").asText();
  }

  /** The lead read on an instance with the write's token: what the projection holds after it. */
  private static Answer read(int instance, String leadId, HttpResponse<String> write) {
    String token = write.headers().firstValue(ConsistencyTokens.HEADER).orElseThrow();
    Answer answer =
        HttpCalls.get(
            url(instance) + "/api/v2/leads/" + leadId,
            Map.of("x-api-key", apiKey, ConsistencyTokens.HEADER, token));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer;
  }

  /** After a restart the instance may answer 503 while its partitions move: until it does not. */
  private static HttpResponse<String> postOnceWritable(int instance, String key, String json) {
    List<HttpResponse<String>> last = new ArrayList<>();
    await()
        .atMost(STARTED)
        .until(
            () -> {
              HttpResponse<String> answer = post(instance, key, json);
              last.add(0, answer);
              return answer.statusCode() != 503;
            });
    return last.get(0);
  }

  private static HttpResponse<String> post(int instance, String idempotencyKey, String json) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url(instance) + "/api/v2/leads"))
            .timeout(STARTED)
            .header("x-api-key", apiKey)
            .header("Idempotency-Key", idempotencyKey)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> eventsOf(String leadId) {
    return TopicReader.readAll(Names.LEAD_EVENTS).stream()
        .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(leadId))
        .toList();
  }

  private static String header(ConsumerRecord<byte[], byte[]> record) {
    var header = record.headers().lastHeader(DedupeEntries.FINGERPRINT_HEADER);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static String url(int instance) {
    return "http://localhost:" + ports.get(instance);
  }

  private static void restart(int instance) {
    apps.get(instance).close();
    apps.set(instance, start(instance));
    awaitRunning();
  }

  private static LeadProjectionApp start(int instance) {
    int port = ports.get(instance);
    AppConfig config =
        new AppConfig(
            SharedKafka.bootstrapServers(),
            port,
            dataDir.resolve("instance-" + instance),
            "it-idem-" + suffix,
            "http://localhost:" + port,
            CLUSTER_SECRET,
            "exactly_once_v2",
            1,
            1,
            1,
            Duration.ofDays(7),
            1000);
    return LeadProjectionApp.start(config);
  }

  private static void awaitRunning() {
    await()
        .atMost(STARTED)
        .until(
            () ->
                apps.stream()
                    .allMatch(app -> app.projection().streams().state() == KafkaStreams.State.RUNNING));
    GroupCatchUp.awaitConsumed(SharedKafka.bootstrapServers(), "it-idem-" + suffix, Names.LEAD_EVENTS, STARTED);
  }
}
