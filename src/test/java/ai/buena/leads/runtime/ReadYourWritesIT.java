package ai.buena.leads.runtime;

import static ai.buena.leads.testing.ClosedConnections.closeAfterAnswer;
import static ai.buena.leads.testing.EventJson.created;
import static ai.buena.leads.testing.EventJson.deleted;
import static ai.buena.leads.testing.EventJson.updated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.consistency.ConsistencyTokens;
import ai.buena.leads.http.ServerOptions;
import ai.buena.leads.projection.Names;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.query.UnavailableException;
import ai.buena.leads.testing.FreePorts;
import ai.buena.leads.testing.GroupCatchUp;
import ai.buena.leads.testing.HttpCalls;
import ai.buena.leads.testing.HttpCalls.Answer;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TestTopics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-your-writes on the real broker: a write through POST/PUT/DELETE on one instance (or an event
 * produced to lead-events, its token issued as the write routes issue it), and a read with that
 * token at once, on both instances of a two-instance cluster, sees the write's result: never stale,
 * never waiting for a poll.
 */
class ReadYourWritesIT {
  private static final Duration STARTED = Duration.ofSeconds(60);
  private static final String CLUSTER_SECRET = "ryw-it-secret-" + UUID.randomUUID();
  private static final ConsistencyTokens TOKENS = ConsistencyTokens.forCluster(CLUSTER_SECRET);
  private static final String AT = "2025-03-01T00:00:00Z";
  private static final int LEADS = 12;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path dataDir;

  private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final String applicationId = "it-ryw-" + suffix;
  private final String workspace = "ws_ryw_" + suffix;
  private final List<LeadProjectionApp> apps = new CopyOnWriteArrayList<>();
  private KafkaProducer<String, String> producer;

  @BeforeAll
  static void topics() {
    TestTopics.ensureDeclaredTopics();
  }

  @AfterEach
  void stop() {
    if (producer != null) {
      producer.close();
    }
    CompletableFuture.allOf(
            apps.stream().map(app -> CompletableFuture.runAsync(app::close)).toArray(CompletableFuture[]::new))
        .join();
  }

  @Test
  void shouldShowEveryWriteToAReadWithItsTokenAtOnceOnBothInstances() {
    List<Integer> ports = FreePorts.take(2);
    List<String> urls = List.of(start("a", ports.get(0)), start("b", ports.get(1)));
    awaitRunning();
    StreamsClusterView view =
        new StreamsClusterView(
            apps.get(0).projection().streams(),
            new HostAddress("localhost", ports.get(0)),
            partitions(),
            Names.LEAD_EVENTS);
    // both running is not yet both owning: a cooperative rebalance's second round may still move
    // partitions, and meanwhile the view has no owner for some of them (UnavailableException)
    await()
        .atMost(STARTED)
        .ignoreExceptionsInstanceOf(UnavailableException.class)
        .untilAsserted(
            () -> assertThat(view.activeOwners()).as("both instances own partitions").hasSize(2));
    String apiKey = apiKey(urls);

    for (int i = 0; i < LEADS; i++) {
      String id = "lead_ryw_" + suffix + "_" + i;
      String name = "Ada" + suffix + "x" + i;

      String createdToken =
          produce(id, created("c" + i + suffix, id, workspace, AT, Map.of("firstName", name, "lastName", "L", "email", "a@b.co")));
      for (String url : urls) {
        Answer found = read(url + "/api/v2/leads/" + id, apiKey, createdToken);
        assertThat(found.status()).as("%s create %s: %s", url, id, found.body()).isEqualTo(200);
        assertThat(found.json().at("/data/lead/firstName").asText()).isEqualTo(name);
        Answer listed = read(url + "/api/v2/leads?search=" + name, apiKey, createdToken);
        assertThat(listed.json().at("/data/pagination/total").asLong()).as("%s list", url).isEqualTo(1);
      }

      String updatedToken =
          produce(id, updated("u" + i + suffix, id, workspace, AT, Map.of("firstName", name + "y")));
      for (String url : urls) {
        Answer found = read(url + "/api/v2/leads/" + id, apiKey, updatedToken);
        assertThat(found.json().at("/data/lead/firstName").asText())
            .as("%s update %s", url, id)
            .isEqualTo(name + "y");
        Answer listed = read(url + "/api/v2/leads?search=" + name + "y", apiKey, updatedToken);
        assertThat(listed.json().at("/data/pagination/total").asLong()).as("%s list", url).isEqualTo(1);
      }

      String deletedToken = produce(id, deleted("d" + i + suffix, id, workspace, AT));
      for (String url : urls) {
        assertThat(read(url + "/api/v2/leads/" + id, apiKey, deletedToken).status())
            .as("%s delete %s", url, id)
            .isEqualTo(404);
        Answer listed = read(url + "/api/v2/leads?search=" + name, apiKey, deletedToken);
        assertThat(listed.json().at("/data/pagination/total").asLong()).as("%s list", url).isZero();
      }
    }
  }

  @Test
  void shouldShowEveryApiWriteToAReadWithItsTokenAtOnceOnBothInstances() {
    List<Integer> ports = FreePorts.take(2);
    List<String> urls = List.of(start("a", ports.get(0)), start("b", ports.get(1)));
    awaitRunning();
    String apiKey = apiKey(urls, Set.of("leads:read", "leads:write"));

    for (int i = 0; i < LEADS; i++) {
      String writer = urls.get(i % 2);
      String other = urls.get((i + 1) % 2);
      String name = "Api" + suffix + "x" + i;

      HttpResponse<String> created =
          write("POST", writer + "/api/v2/leads", apiKey,
              "{\"firstName\":\"" + name + "\",\"lastName\":\"L\",\"email\":\"a@b.co\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = HttpCalls.parse(created.body()).at("/data/id").asText();
      String token = tokenOf(created);
      for (String url : urls) {
        Answer found = read(url + "/api/v2/leads/" + id, apiKey, token);
        assertThat(found.status()).as("%s after POST %s: %s", url, id, found.body()).isEqualTo(200);
        assertThat(found.json().at("/data/lead/firstName").asText()).isEqualTo(name);
      }

      HttpResponse<String> updated =
          write("PUT", other + "/api/v2/leads/" + id, apiKey, "{\"firstName\":\"" + name + "y\"}");
      assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
      token = tokenOf(updated);
      for (String url : urls) {
        Answer found = read(url + "/api/v2/leads/" + id, apiKey, token);
        assertThat(found.json().at("/data/lead/firstName").asText())
            .as("%s after PUT %s", url, id)
            .isEqualTo(name + "y");
        Answer listed = read(url + "/api/v2/leads?search=" + name + "y", apiKey, token);
        assertThat(listed.json().at("/data/pagination/total").asLong()).as("%s list", url).isEqualTo(1);
      }

      HttpResponse<String> deleted = write("DELETE", writer + "/api/v2/leads/" + id, apiKey, null);
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
      token = tokenOf(deleted);
      for (String url : urls) {
        assertThat(read(url + "/api/v2/leads/" + id, apiKey, token).status())
            .as("%s after DELETE %s", url, id)
            .isEqualTo(404);
        Answer listed = read(url + "/api/v2/leads?search=" + name, apiKey, token);
        assertThat(listed.json().at("/data/pagination/total").asLong()).as("%s list", url).isZero();
      }
    }
  }

  @Test
  void shouldApplyAnUpdateAndADeleteSentRightAfterTheirCreateWithItsTokenOnTheOtherInstance() {
    List<Integer> ports = FreePorts.take(2);
    List<String> urls = List.of(start("a", ports.get(0)), start("b", ports.get(1)));
    awaitRunning();
    String apiKey = apiKey(urls, Set.of("leads:read", "leads:write"));

    for (int i = 0; i < LEADS; i++) {
      String name = "Chain" + suffix + "x" + i;
      HttpResponse<String> created =
          write("POST", urls.get(i % 2) + "/api/v2/leads", apiKey,
              "{\"firstName\":\"" + name + "\",\"lastName\":\"L\",\"email\":\"a@b.co\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = HttpCalls.parse(created.body()).at("/data/id").asText();

      HttpResponse<String> updated =
          write("PUT", urls.get((i + 1) % 2) + "/api/v2/leads/" + id, apiKey,
              "{\"title\":\"CTO\"}", tokenOf(created));
      assertThat(updated.statusCode()).as("PUT right after POST %s: %s", id, updated.body())
          .isEqualTo(200);
      assertThat(HttpCalls.parse(updated.body()).at("/data/title").asText()).isEqualTo("CTO");

      HttpResponse<String> deleted =
          write("DELETE", urls.get(i % 2) + "/api/v2/leads/" + id, apiKey, null, tokenOf(updated));
      assertThat(deleted.statusCode()).as("DELETE right after PUT %s: %s", id, deleted.body())
          .isEqualTo(200);
    }
  }

  private static String tokenOf(HttpResponse<String> answer) {
    return answer.headers().firstValue(ConsistencyTokens.HEADER).orElseThrow();
  }

  private static HttpResponse<String> write(String method, String url, String apiKey, String json) {
    return write(method, url, apiKey, json, null);
  }

  private static HttpResponse<String> write(
      String method, String url, String apiKey, String json, String token) {
    HttpRequest.Builder request =
        closeAfterAnswer(HttpRequest.newBuilder(URI.create(url)))
            .timeout(STARTED)
            .header("x-api-key", apiKey);
    if (token != null) {
      request.header(ConsistencyTokens.HEADER, token);
    }
    if (json == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldResolveTheTokenOfADeadLetteredEvent() {
    String url = start("a", FreePorts.take(1).get(0));
    awaitRunning();
    String apiKey = apiKey(List.of(url));
    String id = "lead_ryw_dlq_" + suffix;

    String token = produce(id, updated("u" + suffix, id, workspace, AT, Map.of("firstName", "Nobody")));

    Answer answer = read(url + "/api/v2/leads/" + id, apiKey, token);
    assertThat(answer.status()).as(answer.body()).isEqualTo(404);
    assertThat(answer.errorCode()).contains("NOT_FOUND");
  }

  @Test
  void shouldResolveATokenProcessedBeforeARestartWithoutAnyNewEvent() {
    int port = FreePorts.take(1).get(0);
    String url = start("a", port);
    awaitRunning();
    String apiKey = apiKey(List.of(url));
    String id = "lead_ryw_restart_" + suffix;
    String token =
        produce(id, created("c" + suffix, id, workspace, AT, Map.of("firstName", "Ada", "lastName", "L", "email", "a@b.co")));
    assertThat(read(url + "/api/v2/leads/" + id, apiKey, token).status()).isEqualTo(200);

    apps.remove(0).close();
    start("a", port);
    awaitRunning();

    await()
        .atMost(STARTED)
        .untilAsserted(
            () -> {
              Answer again = read(url + "/api/v2/leads/" + id, apiKey, token);
              assertThat(again.status()).as(again.body()).isEqualTo(200);
            });
  }

  private Answer read(String url, String apiKey, String token) {
    return HttpCalls.get(url, Map.of("x-api-key", apiKey, ConsistencyTokens.HEADER, token));
  }

  /** Produces the event as the write API does (key leadId, acks=all) and returns its token. */
  private String produce(String leadId, String json) {
    try {
      RecordMetadata at =
          producer().send(new ProducerRecord<>(Names.LEAD_EVENTS, leadId, json)).get();
      return TOKENS.issue(ConsistencyToken.of(at.partition(), at.offset()));
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private KafkaProducer<String, String> producer() {
    if (producer == null) {
      Properties props = new Properties();
      props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
      props.put(ProducerConfig.ACKS_CONFIG, "all");
      props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }
    return producer;
  }

  private String apiKey(List<String> urls) {
    return apiKey(urls, Set.of("leads:read"));
  }

  /** A key of the workspace, once every instance knows it. */
  private String apiKey(List<String> urls, Set<String> permissions) {
    String apiKey = ApiKeyFormat.generate();
    try (ApiKeyStore keys = new ApiKeyStore(SharedKafka.bootstrapServers())) {
      keys.createWithValue(apiKey, workspace, permissions, "read-your-writes IT");
    }
    await()
        .atMost(STARTED)
        .untilAsserted(
            () -> {
              for (String url : urls) {
                assertThat(HttpCalls.get(url + "/api/v2/leads", Map.of("x-api-key", apiKey)).status())
                    .isEqualTo(200);
              }
            });
    return apiKey;
  }

  @Test
  void shouldLetHalfTheRequestsAllowedInFlightWaitForTheirTokensEvent() {
    int port = FreePorts.take(1).get(0);
    start("wide", port, ServerOptions.defaults().withMaxInFlight(40));

    assertThat(apps.get(0).projection().indexes().appliedOffsets().maxWaiting()).isEqualTo(20);
  }

  private String start(String name, int port) {
    return start(name, port, ServerOptions.defaults());
  }

  private String start(String name, int port, ServerOptions httpOptions) {
    AppConfig config =
        new AppConfig(
            SharedKafka.bootstrapServers(),
            port,
            dataDir.resolve(name),
            applicationId,
            "http://localhost:" + port,
            CLUSTER_SECRET,
            "exactly_once_v2",
            1,
            1,
            1,
            Duration.ofDays(7),
            1000);
    apps.add(LeadProjectionApp.start(config, httpOptions));
    return "http://localhost:" + port;
  }

  private void awaitRunning() {
    await()
        .atMost(STARTED)
        .until(
            () ->
                apps.stream()
                    .allMatch(app -> app.projection().streams().state() == KafkaStreams.State.RUNNING));
    GroupCatchUp.awaitConsumed(SharedKafka.bootstrapServers(), applicationId, Names.LEAD_EVENTS, STARTED);
  }

  private static int partitions() {
    return ai.buena.leads.runtime.topics.TopicDeclarations.loadFromClasspath()
        .get(Names.LEAD_EVENTS)
        .partitions();
  }
}
