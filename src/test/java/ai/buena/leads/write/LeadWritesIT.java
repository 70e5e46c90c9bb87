package ai.buena.leads.write;

import static ai.buena.leads.testing.ClosedConnections.closeAfterAnswer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.projection.Names;
import ai.buena.leads.runtime.AppConfig;
import ai.buena.leads.testing.RunningApp;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TestTopics;
import ai.buena.leads.testing.TopicReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write routes on a real broker: events produced once, projected, retries applied once. */
class LeadWritesIT {
  private static final Duration APPLIED = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final int RETRIES = 12;
  private static final String CREATE =
      "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\"}";

  @TempDir Path dataDir;

  @BeforeAll
  static void topics() {
    TestTopics.ensureDeclaredTopics();
  }

  @Test
  void shouldProjectCreatedUpdatedAndDeletedLeadsExactlyAsTheWritesAnswered() throws Exception {
    String workspace = uniqueWorkspace();
    String key = createKey(workspace);
    try (RunningApp app = RunningApp.start(config("crud"))) {
      String base = awaitKeyAccepted(app, key);

      Reply created = send("POST", base + "/api/v2/leads", key, CREATE);
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      String leadId = created.json().at("/data/id").asText();
      awaitLeadReads(base, key, leadId, created.json().get("data"));

      Reply updated =
          send("PUT", base + "/api/v2/leads/" + leadId, key, "{\"status\":\"replied\",\"tags\":[\"x\"]}");
      assertThat(updated.status()).as(updated.body()).isEqualTo(200);
      awaitLeadReads(base, key, leadId, updated.json().get("data"));

      Reply deleted = send("DELETE", base + "/api/v2/leads/" + leadId, key, null);
      assertThat(deleted.status()).isEqualTo(200);
      await().atMost(APPLIED).untilAsserted(
          () -> assertThat(send("GET", base + "/api/v2/leads/" + leadId, key, null).status())
              .isEqualTo(404));

      List<ConsumerRecord<byte[], byte[]>> events = eventsOf(leadId);
      assertThat(events).hasSize(3);
      for (ConsumerRecord<byte[], byte[]> event : events) {
        assertThat(header(event, "source")).isEqualTo("api");
        assertThat(header(event, "api-key-id")).startsWith("key_");
      }
      assertThat(deadLettersOf(leadId)).isZero();
    }
  }

  @Test
  void shouldApplyAWriteOnceWhenItsRetryReachesAnInstanceThatNeverSawIt() throws Exception {
    String workspace = uniqueWorkspace();
    String key = createKey(workspace);
    AppConfig config = config("retry");
    String leadId;
    try (RunningApp app = RunningApp.start(config)) {
      String base = awaitKeyAccepted(app, key);
      Reply created = send("POST", base + "/api/v2/leads", key, CREATE, "Idempotency-Key", "c-1");
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      leadId = created.json().at("/data/id").asText();
      // a write reads the current lead from the projection: let it apply the create first
      awaitLeadReads(base, key, leadId, created.json().get("data"));
      send("PUT", base + "/api/v2/leads/" + leadId, key, "{\"notes\":\"one\"}", "Idempotency-Key", "u-1");
      send("PUT", base + "/api/v2/leads/" + leadId, key, "{\"notes\":\"two\"}");
      awaitNotes(base, key, leadId, "two");
    }
    // a restarted instance has forgotten the answers: the retries produce the same events again
    try (RunningApp app = RunningApp.start(config)) {
      String base = awaitKeyAccepted(app, key);
      Reply createdAgain =
          send("POST", base + "/api/v2/leads", key, CREATE, "Idempotency-Key", "c-1");
      Reply updatedAgain =
          send("PUT", base + "/api/v2/leads/" + leadId, key, "{\"notes\":\"one\"}", "Idempotency-Key", "u-1");
      assertThat(createdAgain.status()).as(createdAgain.body()).isEqualTo(201);
      assertThat(createdAgain.json().at("/data/id").asText()).isEqualTo(leadId);
      assertThat(updatedAgain.status()).isEqualTo(200);

      Reply marker = send("PUT", base + "/api/v2/leads/" + leadId, key, "{\"title\":\"last\"}");
      assertThat(marker.status()).isEqualTo(200);
      await().atMost(APPLIED).untilAsserted(
          () -> assertThat(lead(base, key, leadId).path("title").asText()).isEqualTo("last"));
      assertThat(lead(base, key, leadId).path("notes").asText()).isEqualTo("two");
      assertThat(eventsOf(leadId)).hasSize(6);
      assertThat(deadLettersOf(leadId)).isZero();
    }
  }

  @Test
  void shouldAnswerEveryConcurrentSendOfAKeyedDeleteAsDeleted() throws Exception {
    String workspace = uniqueWorkspace();
    String key = createKey(workspace);
    ScheduledExecutorService senders = Executors.newScheduledThreadPool(RETRIES);
    try (RunningApp app = RunningApp.start(config("delete-retries"))) {
      String base = awaitKeyAccepted(app, key);
      for (int trial = 0; trial < 5; trial++) {
        Reply created = send("POST", base + "/api/v2/leads", key, CREATE);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String leadId = created.json().at("/data/id").asText();
        awaitLeadReads(base, key, leadId, created.json().get("data"));

        String idempotencyKey = "d-" + trial;
        // spread over the time the first send takes to be applied: some sends read the lead
        // before it, some after, some while it is applied
        List<Future<Reply>> sends = new ArrayList<>();
        for (int i = 0; i < RETRIES; i++) {
          sends.add(
              senders.schedule(
                  () ->
                      send("DELETE", base + "/api/v2/leads/" + leadId, key, null,
                          "Idempotency-Key", idempotencyKey),
                  i * 4L,
                  TimeUnit.MILLISECONDS));
        }
        for (Future<Reply> sent : sends) {
          Reply deleted = sent.get(60, TimeUnit.SECONDS);
          assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        }
      }
    } finally {
      senders.shutdownNow();
    }
  }

  private record Reply(int status, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private static Reply send(String method, String url, String key, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        closeAfterAnswer(HttpRequest.newBuilder(URI.create(url)))
            .timeout(Duration.ofSeconds(15))
            .header("x-api-key", key)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response =
        CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Reply(response.statusCode(), response.body());
  }

  private static JsonNode lead(String base, String key, String leadId) throws Exception {
    return send("GET", base + "/api/v2/leads/" + leadId, key, null).json().at("/data/lead");
  }

  private static void awaitLeadReads(String base, String key, String leadId, JsonNode expected) {
    await().atMost(APPLIED).ignoreExceptions().untilAsserted(
        () -> assertThat(lead(base, key, leadId)).isEqualTo(expected));
  }

  private static void awaitNotes(String base, String key, String leadId, String notes) {
    await().atMost(APPLIED).ignoreExceptions().untilAsserted(
        () -> assertThat(lead(base, key, leadId).path("notes").asText()).isEqualTo(notes));
  }

  private static String awaitKeyAccepted(RunningApp app, String key) {
    String base = "http://localhost:" + app.app().httpPort();
    await().atMost(APPLIED).ignoreExceptions().untilAsserted(
        () -> {
          assertThat(send("GET", base + "/health/ready", key, null).status()).isEqualTo(200);
          assertThat(send("GET", base + "/api/v2/health", key, null).status()).isEqualTo(200);
        });
    return base;
  }

  private static String createKey(String workspace) {
    String key = ApiKeyFormat.generate();
    try (ApiKeyStore keys = new ApiKeyStore(SharedKafka.bootstrapServers())) {
      keys.createWithValue(key, workspace, Set.of("leads:read", "leads:write"), "writes IT");
    }
    return key;
  }

  private static List<ConsumerRecord<byte[], byte[]>> eventsOf(String leadId) {
    return TopicReader.readAll(Names.LEAD_EVENTS).stream()
        .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(leadId))
        .toList();
  }

  private static long deadLettersOf(String leadId) {
    return TopicReader.readAll(Names.LEAD_EVENTS_DLQ).stream()
        .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(leadId))
        .count();
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private AppConfig config(String name) {
    return RunningApp.config(
        "it-writes-" + name + "-" + UUID.randomUUID(), dataDir.resolve(name), "exactly_once_v2");
  }

  private static String uniqueWorkspace() {
    return "ws_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
