package ai.buena.leads.http;

import static ai.buena.leads.testing.ClosedConnections.closeAfterAnswer;
import static ai.buena.leads.query.TestLeads.WORKSPACE;
import static ai.buena.leads.query.TestLeads.aLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.consistency.ConsistencyTokens;
import ai.buena.leads.http.Readiness.Status;
import ai.buena.leads.query.ClusterView;
import ai.buena.leads.query.ForwardingRemoteInstances;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.PartialAnswer;
import ai.buena.leads.query.RemoteInstances;
import ai.buena.leads.query.StandbyBound;
import ai.buena.leads.query.Window;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reads with {@code X-Consistency-Token} over real HTTP, on one instance and across two. */
class ConsistentReadRouteTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final ConsistencyTokens TOKENS = ConsistencyTokens.forCluster(IndexedApi.CLUSTER_SECRET);
  private static final String LEADS = "/api/v2/leads";

  private final TestKeys keys = new TestKeys();
  private final String apiKey = keys.issue(WORKSPACE, "leads:read");
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(DEADLINE).build();
  private final List<AutoCloseable> servers = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable server : servers) {
      server.close();
    }
  }

  /** One instance holding every partition. */
  private int instance(ProjectedPartitions partitions) {
    ApiServer server =
        ApiServer.start(
            0,
            Status::ok,
            partitions.engine,
            keys,
            partitions.engine,
            IndexedApi.CLUSTER_SECRET,
            null,
            ServerOptions.defaults());
    servers.add(server);
    return server.port();
  }

  private static ProjectedPartitions all(Duration bound) {
    return new ProjectedPartitions(Set.of(0, 1, 2), 8, bound);
  }

  private static String token(int partition, long offset) {
    return TOKENS.issue(ConsistencyToken.of(partition, offset));
  }

  private CompletableFuture<ApiResponse> read(int port, String pathAndQuery, String... tokenValues) {
    HttpRequest.Builder request =
        closeAfterAnswer(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery)))
            .timeout(DEADLINE)
            .header(Authenticator.HEADER, apiKey)
            .GET();
    for (String value : tokenValues) {
      request.header(ConsistencyTokens.HEADER, value);
    }
    return client
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .thenApply(r -> new ApiResponse(r.statusCode(), r.headers().map(), r.body()));
  }

  private ApiResponse readNow(int port, String pathAndQuery, String... tokenValues) {
    return read(port, pathAndQuery, tokenValues).join();
  }

  @Test
  void shouldAnswerAListWithATokenAtOnceWhenItsEventIsProcessed() {
    ProjectedPartitions partitions = all(Duration.ofSeconds(5));
    String id = ProjectedPartitions.leadOn(1, "lead_a");
    partitions.apply(aLead(id).build(), 3);
    int port = instance(partitions);

    ApiResponse answer = readNow(port, LEADS, token(1, 3));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body()).contains(id);
  }

  @Test
  void shouldAnswerAListWithATokenOnlyOnceItsEventIsProcessed() {
    ProjectedPartitions partitions = all(Duration.ofSeconds(5));
    String id = ProjectedPartitions.leadOn(1, "lead_a");
    int port = instance(partitions);

    CompletableFuture<ApiResponse> answer = read(port, LEADS, token(1, 7));
    await().atMost(DEADLINE).until(() -> partitions.indexes.appliedOffsets().waiting() == 1);
    partitions.apply(aLead(id).build(), 6);
    assertThat(answer).isNotDone();
    partitions.apply(aLead(ProjectedPartitions.leadOn(1, "lead_b")).build(), 7);

    assertThat(answer).succeedsWithin(DEADLINE);
    assertThat(answer.join().status()).isEqualTo(200);
    assertThat(answer.join().body()).contains(id, "\"total\":2");
  }

  @Test
  void shouldAnswerAGetWithATokenOnlyOnceItsEventIsProcessed() {
    ProjectedPartitions partitions = all(Duration.ofSeconds(5));
    String id = ProjectedPartitions.leadOn(2, "lead_a");
    int port = instance(partitions);

    CompletableFuture<ApiResponse> answer = read(port, LEADS + "/" + id, token(2, 0));
    await().atMost(DEADLINE).until(() -> partitions.indexes.appliedOffsets().waiting() == 1);
    assertThat(readNow(port, LEADS + "/" + id).status()).isEqualTo(404);
    partitions.apply(aLead(id).build(), 0);

    assertThat(answer).succeedsWithin(DEADLINE);
    assertThat(answer.join().status()).isEqualTo(200);
    assertThat(answer.join().json().at("/data/lead/id").asText()).isEqualTo(id);
  }

  @Test
  void shouldResolveATokenWhoseEventChangedNothing() {
    ProjectedPartitions partitions = all(Duration.ofSeconds(5));
    int port = instance(partitions);

    CompletableFuture<ApiResponse> answer = read(port, LEADS, token(0, 4));
    await().atMost(DEADLINE).until(() -> partitions.indexes.appliedOffsets().waiting() == 1);
    partitions.skip(0, 4);

    assertThat(answer).succeedsWithin(DEADLINE);
    assertThat(answer.join().status()).isEqualTo(200);
  }

  @Test
  void shouldNotWaitOnAGetOfALeadOfAnotherPartitionThanTheTokens() {
    ProjectedPartitions partitions = all(Duration.ofSeconds(5));
    String id = ProjectedPartitions.leadOn(0, "lead_a");
    partitions.apply(aLead(id).build(), 0);
    int port = instance(partitions);

    ApiResponse answer = readNow(port, LEADS + "/" + id, token(2, 99));

    assertThat(answer.status()).isEqualTo(200);
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenTheEventIsNotProcessedWithinTheBound() {
    ProjectedPartitions partitions = all(Duration.ofMillis(300));
    partitions.skip(1, 10);
    int port = instance(partitions);

    ApiResponse answer = readNow(port, LEADS, token(1, 11));

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.header("Retry-After")).contains("1");
    assertThat(answer.json().get("code").asText()).isEqualTo("UNAVAILABLE");
    assertThat(answer.json().get("retryAfter").asInt()).isEqualTo(1);
  }

  @Test
  void shouldAnswer503AtOnceWhenTooManyReadsWaitAlready() {
    ProjectedPartitions partitions = new ProjectedPartitions(Set.of(0, 1, 2), 1, Duration.ofSeconds(5));
    int port = instance(partitions);
    CompletableFuture<ApiResponse> waiting = read(port, LEADS, token(0, 0));
    await().atMost(DEADLINE).until(() -> partitions.indexes.appliedOffsets().waiting() == 1);

    long started = System.nanoTime();
    ApiResponse turnedAway = readNow(port, LEADS, token(1, 0));

    assertThat(turnedAway.status()).isEqualTo(503);
    assertThat(turnedAway.header("Retry-After")).contains("1");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    partitions.skip(0, 0);
    assertThat(waiting).succeedsWithin(DEADLINE);
    assertThat(waiting.join().status()).isEqualTo(200);
  }

  @Test
  void shouldAnswerAReadWithoutATokenAtOnceWhateverTheProjectionHasProcessed() {
    ProjectedPartitions partitions = all(Duration.ofSeconds(5));
    int port = instance(partitions);

    ApiResponse answer = readNow(port, LEADS);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(partitions.indexes.appliedOffsets().applied(0)).isEqualTo(-1);
  }

  @Test
  void shouldRefuseAGarbageToken400NamingTheHeader() {
    int port = instance(all(Duration.ofSeconds(5)));

    for (String garbage : List.of("x", "not a token", ConsistencyToken.of(1, 1).encode(), "A".repeat(39))) {
      ApiResponse answer = readNow(port, LEADS, garbage);

      assertThat(answer.status()).as(garbage).isEqualTo(400);
      assertThat(answer.json().get("code").asText()).isEqualTo("VALIDATION_ERROR");
      assertThat(answer.json().get("message").asText()).isEqualTo("Invalid request parameters");
      assertThat(answer.json().at("/details/invalidParams").fieldNames())
          .toIterable()
          .containsExactly(ConsistencyTokens.HEADER);
    }
  }

  @Test
  void shouldRefuseATokenOfAPartitionThisClusterDoesNotHave400() {
    assertRefusedOnAListAndAGet(token(IndexedApi.PARTITIONS, 0));
  }

  @Test
  void shouldRefuseATokenIssuedByAnotherCluster400() {
    assertRefusedOnAListAndAGet(
        ConsistencyTokens.forCluster("another-cluster-secret-0123").issue(ConsistencyToken.of(0, 0)));
  }

  /** A list and a get carrying {@code tokenValue} both answer 400 naming the header. */
  private void assertRefusedOnAListAndAGet(String tokenValue) {
    int port = instance(all(Duration.ofSeconds(5)));

    ApiResponse list = readNow(port, LEADS, tokenValue);
    ApiResponse get = readNow(port, LEADS + "/lead_1", tokenValue);

    for (ApiResponse answer : List.of(list, get)) {
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.json().at("/details/invalidParams/X-Consistency-Token").asText())
          .isEqualTo(LeadRoutes.INVALID_TOKEN);
    }
  }

  @Test
  void shouldRefuseATokenGivenTwice400() {
    ProjectedPartitions partitions = all(Duration.ofSeconds(5));
    partitions.skip(0, 0);
    int port = instance(partitions);

    ApiResponse answer = readNow(port, LEADS, token(0, 0), token(0, 0));

    assertThat(answer.status()).isEqualTo(400);
  }

  @Test
  void shouldNameAnInvalidTokenAndEveryInvalidParameterAtOnce() {
    int port = instance(all(Duration.ofSeconds(5)));

    ApiResponse answer = readNow(port, LEADS + "?limit=0&status=nope", "garbage");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().at("/details/invalidParams").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(ConsistencyTokens.HEADER, "limit", "status");
  }

  @Test
  void shouldWaitOnTheOwnerOfTheTokensPartitionWhenAListAsksAnotherInstance() {
    ProjectedPartitions first = new ProjectedPartitions(Set.of(0), 8, Duration.ofSeconds(5));
    ProjectedPartitions second = new ProjectedPartitions(Set.of(1, 2), 8, Duration.ofSeconds(5));
    int[] ports = cluster(first, second);
    String id = ProjectedPartitions.leadOn(1, "lead_a");

    CompletableFuture<ApiResponse> answer = read(ports[0], LEADS, token(1, 5));
    await().atMost(DEADLINE).until(() -> second.indexes.appliedOffsets().waiting() == 1);
    assertThat(first.indexes.appliedOffsets().waiting()).isZero();
    second.apply(aLead(id).build(), 5);

    assertThat(answer).succeedsWithin(DEADLINE);
    assertThat(answer.join().status()).isEqualTo(200);
    assertThat(answer.join().body()).contains(id);
  }

  @Test
  void shouldWaitOnTheOwnerOfTheLeadWhenAGetAsksAnotherInstance() {
    ProjectedPartitions first = new ProjectedPartitions(Set.of(0), 8, Duration.ofSeconds(5));
    ProjectedPartitions second = new ProjectedPartitions(Set.of(1, 2), 8, Duration.ofSeconds(5));
    int[] ports = cluster(first, second);
    String id = ProjectedPartitions.leadOn(2, "lead_a");

    CompletableFuture<ApiResponse> answer = read(ports[0], LEADS + "/" + id, token(2, 0));
    await().atMost(DEADLINE).until(() -> second.indexes.appliedOffsets().waiting() == 1);
    second.apply(aLead(id).build(), 0);

    assertThat(answer).succeedsWithin(DEADLINE);
    assertThat(answer.join().status()).isEqualTo(200);
  }

  @Test
  void shouldWaitHereWhenThisInstanceOwnsTheTokensPartition() {
    ProjectedPartitions first = new ProjectedPartitions(Set.of(0), 8, Duration.ofSeconds(5));
    ProjectedPartitions second = new ProjectedPartitions(Set.of(1, 2), 8, Duration.ofSeconds(5));
    int[] ports = cluster(first, second);
    String id = ProjectedPartitions.leadOn(0, "lead_a");

    CompletableFuture<ApiResponse> answer = read(ports[0], LEADS, token(0, 2));
    await().atMost(DEADLINE).until(() -> first.indexes.appliedOffsets().waiting() == 1);
    first.apply(aLead(id).build(), 2);

    assertThat(answer).succeedsWithin(DEADLINE);
    assertThat(answer.join().body()).contains(id);
    assertThat(second.indexes.appliedOffsets().waiting()).isZero();
  }

  @Test
  void shouldAnswer503AfterOneWaitWhenThePeerOwningTheTokensPartitionHasNotProcessedIt() {
    ProjectedPartitions first = new ProjectedPartitions(Set.of(0), 8, Duration.ofSeconds(5));
    ProjectedPartitions second = new ProjectedPartitions(Set.of(1, 2), 8, Duration.ofMillis(300));
    AtomicInteger callsWithToken = new AtomicInteger();
    int[] ports = cluster(first, second, counting(callsWithToken), new StandbyBound(1_000));

    ApiResponse answer = readNow(ports[0], LEADS, token(1, 11));

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.header("Retry-After")).contains("1");
    assertThat(callsWithToken).hasValue(1);
  }

  /** The peers over HTTP, counting the shares asked with a consistency token. */
  private static RemoteInstances counting(AtomicInteger callsWithToken) {
    return new ForwardingRemoteInstances(new HttpRemoteInstances(IndexedApi.CLUSTER_SECRET, DEADLINE)) {
      @Override
      public CompletableFuture<PartialAnswer> partial(
          HostAddress host, String workspaceId, LeadQuery query, Set<Integer> partitions,
          StandbyBound bound, ConsistencyToken after, boolean withLeads, Window window) {
        if (after != null) {
          callsWithToken.incrementAndGet();
        }
        return super.partial(host, workspaceId, query, partitions, bound, after, withLeads, window);
      }
    };
  }

  /** Two instances of one cluster (partition 0 on the first, 1 and 2 on the second); their ports. */
  private int[] cluster(ProjectedPartitions first, ProjectedPartitions second) {
    return cluster(
        first, second, new HttpRemoteInstances(IndexedApi.CLUSTER_SECRET, DEADLINE), StandbyBound.OFF);
  }

  private int[] cluster(
      ProjectedPartitions first, ProjectedPartitions second, RemoteInstances remote, StandbyBound bound) {
    Map<HostAddress, Set<Integer>> owners = new ConcurrentHashMap<>();
    int[] ports = new int[2];
    IndexedApi a =
        new IndexedApi(
            first.engine, view(owners, () -> ports[0]), keys, ServerOptions.defaults(), remote, bound);
    servers.add(a);
    ports[0] = a.port();
    IndexedApi b =
        new IndexedApi(
            second.engine, view(owners, () -> ports[1]), keys, ServerOptions.defaults(), remote, bound);
    servers.add(b);
    ports[1] = b.port();
    owners.put(new HostAddress("localhost", ports[0]), Set.of(0));
    owners.put(new HostAddress("localhost", ports[1]), Set.of(1, 2));
    return ports;
  }

  private static ClusterView view(
      Map<HostAddress, Set<Integer>> owners, java.util.function.IntSupplier port) {
    return new ClusterView() {
      @Override
      public HostAddress self() {
        return new HostAddress("localhost", port.getAsInt());
      }

      @Override
      public Map<HostAddress, Set<Integer>> activeOwners() {
        return owners;
      }

      @Override
      public Optional<HostAddress> ownerOf(String leadId) {
        int partition = IndexedApi.partitionOf(leadId);
        return owners.entrySet().stream()
            .filter(owner -> owner.getValue().contains(partition))
            .map(Map.Entry::getKey)
            .findFirst();
      }
    };
  }
}
