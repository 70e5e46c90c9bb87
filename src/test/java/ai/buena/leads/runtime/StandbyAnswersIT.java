package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.projection.Names;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.testing.FreePorts;
import ai.buena.leads.testing.HttpCalls;
import ai.buena.leads.testing.PublishedEvents;
import ai.buena.leads.testing.ReferenceProjection;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TestTopics;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances with one standby replica each, on the shared broker: one instance's projection
 * dies without leaving the group (its HTTP server stays up and answers 503 for its partitions,
 * and the group notices only after the session timeout). Throughout, the survivor answers every
 * list and every lead completely (actives only, or labelled {@code X-Lead-Data-Staleness}) or 503:
 * never a partial page, never a 500; and its warm standby copies do answer, labelled, while the
 * downed instance still owns their partitions.
 */
class StandbyAnswersIT {
  private static final int PARTITIONS =
      TopicDeclarations.loadFromClasspath().get(Names.LEAD_EVENTS).partitions();
  private static final Duration STARTED = Duration.ofSeconds(60);
  private static final Duration APPLIED = Duration.ofSeconds(90);
  private static final Duration RECOVERED = Duration.ofSeconds(90);
  private static final int LEADS = 200;
  private static final String CLUSTER_SECRET = "standby-it-secret-" + UUID.randomUUID();
  private static final String STALENESS = "X-Lead-Data-Staleness";
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(HttpCalls.TIMEOUT).build();

  @TempDir Path dataDir;

  private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final String applicationId = "it-standby-" + suffix;
  private final String workspace = "ws_standby_" + suffix;
  private final List<LeadProjectionApp> apps = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void topics() {
    TestTopics.ensureDeclaredTopics();
  }

  @AfterEach
  void stopEveryInstance() {
    CompletableFuture.allOf(
            apps.stream().map(app -> CompletableFuture.runAsync(app::close)).toArray(CompletableFuture[]::new))
        .join();
  }

  /** One answer the poller saw; {@code failure} set when there was no HTTP answer at all. */
  private record Seen(
      String kind, long atNanos, int status, Optional<String> staleness, JsonNode body, String failure) {}

  @Test
  void shouldAnswerCompletelyOrLabelledStaleOr503WhileAnInstanceIsDownInsideItsSessionTimeout()
      throws Exception {
    List<Integer> ports = FreePorts.take(2);
    LeadProjectionApp survivor = start("a", ports.get(0));
    LeadProjectionApp downed = start("b", ports.get(1));
    await().atMost(STARTED).until(() -> apps.stream().allMatch(app -> app.projection().streams().state() == KafkaStreams.State.RUNNING));
    Map<String, Lead> leads = publish();
    String key = apiKey();
    String survivorUrl = "http://localhost:" + ports.get(0);
    awaitComplete(survivorUrl, key, leads.size());
    awaitComplete("http://localhost:" + ports.get(1), key, leads.size());
    awaitStandbysCaughtUp(survivor);
    StreamsClusterView view =
        new StreamsClusterView(
            survivor.projection().streams(), new HostAddress("localhost", ports.get(0)), PARTITIONS, Names.LEAD_EVENTS);
    HostAddress downedAddress = new HostAddress("localhost", ports.get(1));
    List<String> downedLeads =
        leads.keySet().stream().filter(id -> view.ownerOf(id).equals(Optional.of(downedAddress))).sorted().limit(5).toList();
    assertThat(downedLeads).as("leads whose active is on the downed instance").isNotEmpty();

    List<Seen> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean polling = new AtomicBoolean(true);
    Thread poller =
        new Thread(
            () -> {
              int i = 0;
              while (polling.get()) {
                seen.add(ask("list", survivorUrl + "/api/v2/leads?limit=100&sortBy=createdAt", key));
                seen.add(ask("lead", survivorUrl + "/api/v2/leads/" + downedLeads.get(i++ % downedLeads.size()), key));
              }
            },
            "standby-poller");
    poller.start();
    long downAt = System.nanoTime();
    // the projection dies without leaving the group; its HTTP server stays and answers 503
    downed.projection().streams().close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
    await()
        .atMost(RECOVERED)
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () ->
                view.placement().actives().size() == PARTITIONS
                    && !view.placement().actives().containsValue(downedAddress)
                    && lastAnswersFromActives(seen, 10));
    polling.set(false);
    poller.join(HttpCalls.TIMEOUT.toMillis() * 2);

    List<Seen> during = seen.stream().filter(s -> s.atNanos() >= downAt).toList();
    String summary = summary(during);
    System.out.println("MEASURED standby answers while an instance is down: " + summary);
    List<String> wrong = new ArrayList<>();
    for (Seen s : during) {
      if (!(s.status() == 503 && "UNAVAILABLE".equals(s.body().path("code").asText()))
          && !isComplete(s, leads)) {
        wrong.add(s.kind() + " " + s.status() + " " + s.staleness() + " " + s.failure() + " " + s.body());
      }
    }
    assertThat(wrong).as("answers neither complete nor 503 UNAVAILABLE").isEmpty();
    for (String kind : List.of("list", "lead")) {
      assertThat(during.stream().filter(s -> s.kind().equals(kind) && s.status() == 200 && s.staleness().isPresent()))
          .as(kind + " answered from the survivor's standby copies while their active was down (" + summary + ")")
          .isNotEmpty();
    }
  }

  private static boolean isComplete(Seen s, Map<String, Lead> leads) {
    if (s.status() != 200) {
      return false;
    }
    if (s.kind().equals("list")) {
      return s.body().at("/data/pagination/total").asLong() == leads.size()
          && s.body().at("/data/leads").size() == Math.min(100, leads.size());
    }
    return leads.containsKey(s.body().at("/data/lead/id").asText());
  }

  private static boolean lastAnswersFromActives(List<Seen> seen, int count) {
    if (seen.size() < count) {
      return false;
    }
    return seen.subList(seen.size() - count, seen.size()).stream()
        .allMatch(s -> s.status() == 200 && s.staleness().isEmpty());
  }

  private static String summary(List<Seen> during) {
    StringBuilder out = new StringBuilder();
    for (String kind : List.of("list", "lead")) {
      List<Seen> of = during.stream().filter(s -> s.kind().equals(kind)).toList();
      out.append(kind)
          .append(": ")
          .append(of.size())
          .append(" answers, ")
          .append(of.stream().filter(s -> s.status() == 200 && s.staleness().isEmpty()).count())
          .append(" from actives, ")
          .append(of.stream().filter(s -> s.status() == 200 && s.staleness().isPresent()).count())
          .append(" labelled stale, ")
          .append(of.stream().filter(s -> s.status() == 503).count())
          .append(" 503; ");
    }
    during.stream()
        .flatMap(s -> s.staleness().stream())
        .reduce((a, b) -> b)
        .ifPresent(last -> out.append("last label: ").append(last));
    return out.toString();
  }

  private static Seen ask(String kind, String url, String key) {
    long at = System.nanoTime();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(HttpCalls.TIMEOUT).header("x-api-key", key).GET().build();
    try {
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Seen(
          kind, at, response.statusCode(), response.headers().firstValue(STALENESS), HttpCalls.parse(response.body()), null);
    } catch (IOException | RuntimeException e) {
      return new Seen(kind, at, -1, Optional.empty(), HttpCalls.parse("{}"), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Seen(kind, at, -1, Optional.empty(), HttpCalls.parse("{}"), "interrupted");
    }
  }

  private LeadProjectionApp start(String name, int port) {
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
    LeadProjectionApp app = LeadProjectionApp.start(config);
    apps.add(app);
    return app;
  }

  private Map<String, Lead> publish() {
    List<String> events = new ArrayList<>();
    new HistoryGenerator(21, workspace, Instant.parse("2025-04-01T00:00:00Z")).generateInterleaved(LEADS, events::add);
    ReferenceProjection reference = new ReferenceProjection().apply(events);
    PublishedEvents.publishAll(SharedKafka.bootstrapServers(), events);
    return reference.leadsOf(workspace);
  }

  private String apiKey() {
    String key = ApiKeyFormat.generate();
    try (ApiKeyStore keys = new ApiKeyStore(SharedKafka.bootstrapServers())) {
      keys.createWithValue(key, workspace, Set.of("leads:read"), "standby IT");
    }
    return key;
  }

  private static void awaitComplete(String baseUrl, String key, long total) {
    await()
        .atMost(APPLIED)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              Seen s = ask("list", baseUrl + "/api/v2/leads?limit=100", key);
              return s.status() == 200 && s.body().at("/data/pagination/total").asLong() == total;
            });
  }

  /**
   * Until every local copy of the leads store holds every record of its changelog (a lag of at most
   * 1: under exactly-once a changelog's last offset is a commit marker, which no copy reaches). The
   * test's standby answers must then be complete; within the default bound alone (1,000 records) a
   * copy may still lack the last leads and rightly answer them stale-labelled.
   */
  private static void awaitStandbysCaughtUp(LeadProjectionApp app) {
    await()
        .atMost(APPLIED)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              Map<Integer, LagInfo> lags =
                  app.projection().streams().allLocalStorePartitionLags().getOrDefault(Names.LEADS_STORE, Map.of());
              return lags.size() == PARTITIONS
                  && lags.values().stream().allMatch(lag -> lag.offsetLag() <= 1);
            });
  }
}
