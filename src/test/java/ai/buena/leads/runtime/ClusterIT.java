package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.http.CursorSignatures;
import ai.buena.leads.http.ListLeadsParams;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.projection.LeadPartitioner;
import ai.buena.leads.projection.Names;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.ReferenceQueryEngine;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortOrder;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.testing.AnswerPoller.Observation;
import ai.buena.leads.testing.AnswerPoller;
import ai.buena.leads.testing.FreePorts;
import ai.buena.leads.testing.HttpCalls.Answer;
import ai.buena.leads.testing.HttpCalls;
import ai.buena.leads.testing.PublishedEvents;
import ai.buena.leads.testing.ReferenceProjection;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TestTopics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances of one application id in this JVM, on the shared broker: any instance answers
 * for the whole workspace, identically to the reference engine, and while an instance stops or
 * joins an answer is either complete, read partly from standby copies and labelled {@code
 * X-Lead-Data-Staleness}, or 503 with {@code Retry-After}: never an unlabelled partial page.
 *
 * <p>Every instance of a test starts before its data arrives, so that the partitions are spread
 * over all of them at once (see FACTS.md on warm-up replicas). The topics are shared by every IT in
 * the JVM: each test has its own application id and workspaces and compares only those.
 */
class ClusterIT {
  private static final int PARTITIONS =
      TopicDeclarations.loadFromClasspath().get(Names.LEAD_EVENTS).partitions();
  private static final Duration STARTED = Duration.ofSeconds(60);
  private static final Duration APPLIED = Duration.ofSeconds(90);
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(60);
  private static final Duration POLL_DELAY = Duration.ofMillis(20);
  private static final Duration POLL_MAX_RUN = Duration.ofSeconds(150);
  private static final int STABLE_ANSWERS = 10;

  /** Kafka Streams' default {@code acceptable.recovery.lag}. */
  private static final long ACCEPTABLE_RECOVERY_LAG = 10_000;

  private static final int GENERATED_LEADS = 400;
  private static final int OTHER_WORKSPACE_LEADS = 40;
  private static final int RANDOM_QUERIES = 60;
  private static final Instant START = Instant.parse("2025-03-01T00:00:00Z");
  private static final String CLUSTER_HEADER = "x-cluster-secret";
  private static final String CLUSTER_SECRET = "cluster-it-secret-" + UUID.randomUUID();
  private static final DateTimeFormatter WITH_OFFSET =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final String applicationId = "it-cluster-" + suffix;
  private final List<Instance> instances = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void topics() {
    TestTopics.ensureDeclaredTopics();
  }

  @AfterEach
  void stopEveryInstance() {
    CompletableFuture.allOf(
            instances.stream()
                .map(instance -> CompletableFuture.runAsync(instance.app()::close))
                .toArray(CompletableFuture[]::new))
        .join();
    instances.clear();
  }

  @Test
  void shouldAnswerIdenticallyOnEveryInstanceOfATwoInstanceCluster() {
    answersIdenticallyOnEveryInstance(2);
  }

  @Test
  void shouldAnswerIdenticallyOnEveryInstanceOfAThreeInstanceCluster() {
    answersIdenticallyOnEveryInstance(3);
  }

  @Test
  void shouldAnswerCompletelyOrWith503WhileAnInstanceStopsAndRecover() throws InterruptedException {
    List<Instance> cluster = startInstances(3);
    Dataset data = publishDataset();
    awaitEveryInstanceApplied(data);
    Instance asked = cluster.get(0);
    Instance stopped = cluster.get(2);

    Outage outage;
    try (AnswerPoller poller = pollKnownQuery(asked, data)) {
      awaitStableCompleteAnswers(poller, data.knownAnswer(), Long.MIN_VALUE, () -> true);
      long closing = System.nanoTime();
      stopped.app().close();
      instances.remove(stopped);
      long closed = System.nanoTime();
      awaitStableCompleteAnswers(
          poller,
          data.knownAnswer(),
          closing,
          () -> !clusterViewOf(asked).activeOwners().containsKey(stopped.address()));
      outage = new Outage(poller.observations(), data.knownAnswer(), closing, closed);
    }

    System.out.println(
        "MEASURED recovery after stop: " + outage.recoveryMillis() + " ms " + outage);
    outage.assertEveryAnswerCompleteOr503();
    assertThat(outage.recoveryMillis()).isLessThan(RECOVERY_BOUND.toMillis());
  }

  @Test
  void shouldAnswerCompletelyOrWith503WhenAnInstanceJoins() throws InterruptedException {
    List<Integer> ports = FreePorts.take(3);
    Instance asked = startInstance("a", ports.get(0));
    startInstance("b", ports.get(1));
    awaitEveryInstanceRunning();
    Dataset data = publishDataset();
    awaitEveryInstanceApplied(data);

    // A joiner whose lag is within acceptable.recovery.lag takes over actives at once; otherwise it
    // only warms up until the probing rebalance (minutes), and the others keep answering alone.
    long lag = largestChangelogPartition();
    boolean takesOver = lag <= ACCEPTABLE_RECOVERY_LAG;

    Outage outage;
    try (AnswerPoller poller = pollKnownQuery(asked, data)) {
      awaitStableCompleteAnswers(poller, data.knownAnswer(), Long.MIN_VALUE, () -> true);
      long joining = System.nanoTime();
      Instance joined = startInstance("c", ports.get(2));
      long started = System.nanoTime();
      awaitStableCompleteAnswers(
          poller,
          data.knownAnswer(),
          joining,
          () ->
              takesOver
                  ? clusterViewOf(asked).activeOwners().containsKey(joined.address())
                      && isComplete(askOnce(joined, data), data.knownAnswer())
                  : joined.app().projection().streams().state() == KafkaStreams.State.RUNNING);
      outage = new Outage(poller.observations(), data.knownAnswer(), joining, started);
    }

    System.out.println(
        "MEASURED recovery after join: "
            + outage.recoveryMillis()
            + " ms "
            + outage
            + (takesOver
                ? " (the joiner took over active partitions)"
                : " (changelog lag "
                    + lag
                    + " > "
                    + ACCEPTABLE_RECOVERY_LAG
                    + ": the joiner only warms up)"));
    outage.assertEveryAnswerCompleteOr503();
    assertThat(outage.recoveryMillis()).isLessThan(RECOVERY_BOUND.toMillis());
  }

  @Test
  void shouldRefuseInternalCallsWithoutTheClusterCredential() {
    Instance instance = startInstances(1).get(0);
    Dataset data = publishDataset(20);
    String leadId = data.leads().keySet().iterator().next();
    String partials =
        instance.baseUrl()
            + "/internal/v1/partials?workspace="
            + data.workspace()
            + "&partitions=0";
    String lead =
        instance.baseUrl() + "/internal/v1/leads/" + leadId + "?workspace=" + data.workspace();

    for (String url : List.of(partials, lead)) {
      for (Map<String, String> headers :
          List.of(Map.<String, String>of(), Map.of(CLUSTER_HEADER, "wrong-" + CLUSTER_SECRET))) {
        Answer refused = HttpCalls.get(url, headers);
        assertThat(refused.status()).as("%s with %s", url, headers.keySet()).isEqualTo(401);
        assertThat(refused.errorCode()).contains("UNAUTHORIZED");
      }
    }
    Map<String, String> credential = Map.of(CLUSTER_HEADER, CLUSTER_SECRET);
    await()
        .atMost(APPLIED)
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              Answer partial = HttpCalls.get(partials, credential);
              assertThat(partial.status()).as(partial.body()).isEqualTo(200);
              assertThat(partial.json().get("total").longValue())
                  .isEqualTo(
                      data.leads().keySet().stream()
                          .filter(id -> LeadPartitioner.partitionOf(id, PARTITIONS) == 0)
                          .count());
              Answer found = HttpCalls.get(lead, credential);
              assertThat(found.status()).as(found.body()).isEqualTo(200);
              assertThat(found.json().at("/lead/id").asText()).isEqualTo(leadId);
            });
  }

  // --- identical answers ---

  private void answersIdenticallyOnEveryInstance(int size) {
    List<Instance> cluster = startInstances(size);
    Dataset data = publishDataset();
    awaitEveryInstanceApplied(data);
    ReferenceQueryEngine reference = new ReferenceQueryEngine(data.leads().values());
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    List<Lead> leads = List.copyOf(data.leads().values());

    List<Map<String, String>> queries = new ArrayList<>();
    // Valid, but 300 code points once lower-cased for the other instances.
    queries.add(Map.of("company", "İ".repeat(150)));
    for (int i = 0; i < RANDOM_QUERIES; i++) {
      queries.add(randomQuery(random, leads));
    }
    int nonEmptyPages = 0;
    for (Map<String, String> params : queries) {
      LeadPage expected = reference.query(data.workspace(), parse(params));
      nonEmptyPages += expected.leads().isEmpty() ? 0 : 1;
      for (Instance instance : cluster) {
        Answer answer = answered(() -> list(instance, data.apiKey(), params));
        assertThat(answer.status())
            .as("%s %s (seed %d): %s", instance.name(), params, seed, answer.body())
            .isEqualTo(200);
        assertThat(idsOf(answer))
            .as("%s %s (seed %d)", instance.name(), params, seed)
            .containsExactlyElementsOf(expected.leads().stream().map(Lead::id).toList());
        assertThat(answer.json().at("/data/pagination"))
            .as("%s %s (seed %d)", instance.name(), params, seed)
            .isEqualTo(paginationOf(expected));
      }
    }
    assertThat(nonEmptyPages)
        .as("queries with a non-empty page (seed %d)", seed)
        .isGreaterThan(RANDOM_QUERIES / 3);

    Map<String, String> key = Map.of("x-api-key", data.apiKey());
    for (Instance owner : cluster) {
      Lead owned = ownedBy(owner, data.leads());
      String foreign = ownedBy(owner, data.otherLeads()).id();
      for (Instance instance : cluster) {
        Answer found = answered(() -> HttpCalls.get(instance.baseUrl() + "/api/v2/leads/" + owned.id(), key));
        assertThat(found.status())
            .as("%s asked for %s's lead: %s", instance.name(), owner.name(), found.body())
            .isEqualTo(200);
        assertThat(found.json().at("/data/lead")).isEqualTo(apiJsonOf(owned));
        Answer hidden = answered(() -> HttpCalls.get(instance.baseUrl() + "/api/v2/leads/" + foreign, key));
        assertThat(hidden.status())
            .as("%s asked for another workspace's lead", instance.name())
            .isEqualTo(404);
        assertThat(hidden.errorCode()).contains("NOT_FOUND");
      }
    }
  }

  /** A valid query of random parameters, with text and date filters taken from the leads. */
  private static Map<String, String> randomQuery(Random random, List<Lead> leads) {
    Map<String, String> params = new LinkedHashMap<>();
    if (random.nextInt(10) < 7) {
      params.put(
          "limit",
          Integer.toString(oneOf(random, List.of(1, 5, 10, 25, 50, 100, 1 + random.nextInt(100)))));
    }
    int roll = random.nextInt(10);
    if (roll >= 4) {
      params.put(
          "page", Integer.toString(roll < 9 ? 1 + random.nextInt(5) : 1 + random.nextInt(60)));
    }
    if (random.nextInt(10) < 3) {
      params.put("status", oneOf(random, List.of(LeadStatus.values())).wire());
    }
    if (random.nextInt(10) < 3) {
      params.put("source", oneOf(random, List.of(LeadSource.values())).wire());
    }
    if (random.nextInt(10) < 2) {
      Lead lead = oneOf(random, leads);
      List<String> terms = new ArrayList<>();
      List<String> fields =
          Stream.of(lead.firstName(), lead.lastName(), lead.email(), lead.company(), lead.title())
              .filter(Objects::nonNull)
              .toList();
      for (int i = 0, n = fields.isEmpty() ? 0 : 1 + random.nextInt(2); i < n; i++) {
        terms.add(randomCase(random, fragment(random, oneOf(random, fields), 2, 6)));
      }
      if (!terms.isEmpty()) {
        params.put("search", String.join(" ", terms));
      }
    }
    if (random.nextInt(10) < 1) {
      Optional<String> company = anyOf(random, leads, Lead::company);
      company.ifPresent(value -> params.put("company", randomCase(random, value)));
    }
    if (random.nextInt(10) < 2) {
      Optional<String> title = anyOf(random, leads, Lead::title);
      title.ifPresent(
          value -> params.put("title", randomCase(random, fragment(random, value, 1, 8))));
    }
    dateBound(random, leads, Lead::createdAt, "createdAfter", params);
    dateBound(random, leads, Lead::createdAt, "createdBefore", params);
    dateBound(random, leads, Lead::lastContactedAt, "lastContactedAfter", params);
    dateBound(random, leads, Lead::lastContactedAt, "lastContactedBefore", params);
    if (random.nextInt(10) < 8) {
      params.put("sortBy", oneOf(random, List.of(SortField.values())).wire());
    }
    if (random.nextInt(10) < 6) {
      params.put("sortOrder", oneOf(random, List.of(SortOrder.values())).wire());
    }
    return params;
  }

  private static void dateBound(
      Random random,
      List<Lead> leads,
      Function<Lead, Instant> field,
      String name,
      Map<String, String> params) {
    if (random.nextInt(10) >= 2) {
      return;
    }
    anyOf(random, leads, field)
        .ifPresent(
            instant ->
                params.put(
                    name,
                    switch (random.nextInt(3)) {
                      case 0 -> instant.toString();
                      case 1 -> instant.atOffset(ZoneOffset.UTC).toLocalDate().toString();
                      default -> instant.atOffset(ZoneOffset.ofHours(2)).format(WITH_OFFSET);
                    }));
  }

  /** The field of a random lead that has it, if any of a few tries finds one. */
  private static <T> Optional<T> anyOf(Random random, List<Lead> leads, Function<Lead, T> field) {
    for (int i = 0; i < 20; i++) {
      T value = field.apply(oneOf(random, leads));
      if (value != null) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  /**
   * A piece of one whitespace-free word of {@code text}, {@code min} to {@code max} long when
   * possible.
   */
  private static String fragment(Random random, String text, int min, int max) {
    List<String> words =
        List.of(text.split("\\s+")).stream().filter(word -> word.length() >= min).toList();
    if (words.isEmpty()) {
      return "zz";
    }
    String word = oneOf(random, words);
    int length = min + random.nextInt(Math.min(max, word.length()) - min + 1);
    int start = random.nextInt(word.length() - length + 1);
    return word.substring(start, start + length);
  }

  private static String randomCase(Random random, String text) {
    return switch (random.nextInt(3)) {
      case 0 -> text.toUpperCase(Locale.ROOT);
      case 1 -> text.toLowerCase(Locale.ROOT);
      default -> text;
    };
  }

  private static <T> T oneOf(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static LeadQuery parse(Map<String, String> params) {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    params.forEach((name, value) -> raw.put(name, List.of(value)));
    ListLeadsParams.ParseResult parsed = ListLeadsParams.parse(raw, CursorSignatures.withRandomKey());
    assertThat(parsed)
        .as("parameters %s", params)
        .isInstanceOf(ListLeadsParams.ParseResult.Valid.class);
    return ((ListLeadsParams.ParseResult.Valid) parsed).query();
  }

  /** A lead of {@code leads} in a partition that {@code owner} holds as active. */
  private static Lead ownedBy(Instance owner, Map<String, Lead> leads) {
    return leads.values().stream()
        .filter(
            lead ->
                owner
                    .app()
                    .projection()
                    .indexes()
                    .activePartition(LeadPartitioner.partitionOf(lead.id(), PARTITIONS))
                    .isPresent())
        .findFirst()
        .orElseThrow(() -> new AssertionError(owner.name() + " owns none of the leads"));
  }

  // --- stops and joins ---

  private AnswerPoller pollKnownQuery(Instance asked, Dataset data) {
    assertThat(data.knownAnswer().ids()).as("the known query's page").hasSize(25);
    return AnswerPoller.start(
        asked.baseUrl() + "/api/v2/leads?" + queryString(data.knownAnswer().params()),
        Map.of("x-api-key", data.apiKey()),
        POLL_DELAY,
        POLL_MAX_RUN);
  }

  /**
   * Waits until {@code settled} holds and, after that, the poller got {@link #STABLE_ANSWERS}
   * complete answers in a row to calls sent after {@code since}.
   */
  private static void awaitStableCompleteAnswers(
      AnswerPoller poller, KnownAnswer known, long since, Callable<Boolean> settled) {
    long[] settledAt = {Long.MAX_VALUE};
    await()
        .atMost(RECOVERY_BOUND)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () -> {
              if (settledAt[0] == Long.MAX_VALUE && settled.call()) {
                settledAt[0] = System.nanoTime();
              }
              List<Observation> after =
                  poller.observations().stream()
                      .filter(o -> o.sentNanos() >= Math.max(since, settledAt[0]))
                      .toList();
              return after.size() >= STABLE_ANSWERS
                  && after.subList(after.size() - STABLE_ANSWERS, after.size()).stream()
                      .allMatch(o -> isComplete(o.answer(), known));
            });
    assertThat(poller.isRunning()).as("the poller still runs").isTrue();
  }

  /** What the poller saw around a change of the cluster, judged against the known answer. */
  private record Outage(
      List<Observation> observations, KnownAnswer known, long changeNanos, long changeDoneNanos) {

    /**
     * From the change to the first complete answer after the last incomplete one; 0 when none was.
     */
    long recoveryMillis() {
      List<Observation> after = afterChange();
      int lastIncomplete = -1;
      for (int i = 0; i < after.size(); i++) {
        if (!isComplete(after.get(i).answer(), known)) {
          lastIncomplete = i;
        }
      }
      if (lastIncomplete < 0) {
        return 0;
      }
      assertThat(after)
          .as("a complete answer after the last incomplete one")
          .hasSizeGreaterThan(lastIncomplete + 1);
      return (after.get(lastIncomplete + 1).receivedNanos() - changeNanos) / 1_000_000;
    }

    /** Complete, or read partly from standby copies and labelled so, or 503: never unlabelled partial. */
    void assertEveryAnswerCompleteOr503() {
      List<String> wrong =
          observations.stream()
              .filter(
                  o ->
                      !isComplete(o.answer(), known)
                          && !isUnavailable(o.answer())
                          && !isLabelledStale(o.answer()))
              .map(
                  o ->
                      o.answer() == null
                          ? o.failure()
                          : o.answer().status() + " " + o.answer().body())
              .toList();
      assertThat(wrong)
          .as("answers neither complete, nor labelled stale, nor 503 with Retry-After")
          .isEmpty();
      assertThat(observations.stream().filter(o -> isComplete(o.answer(), known)).count())
          .as("complete answers")
          .isGreaterThanOrEqualTo(2L * STABLE_ANSWERS);
    }

    private static boolean isLabelledStale(Answer answer) {
      return answer != null && answer.status() == 200 && answer.labelledStale();
    }

    private static boolean isUnavailable(Answer answer) {
      return answer != null
          && answer.status() == 503
          && answer.retryAfter().filter(seconds -> seconds.matches("[1-9][0-9]*")).isPresent()
          && answer.errorCode().equals(Optional.of("UNAVAILABLE"));
    }

    private List<Observation> afterChange() {
      return observations.stream().filter(o -> o.receivedNanos() >= changeNanos).toList();
    }

    @Override
    public String toString() {
      List<Observation> after = afterChange();
      return "(answers after the change: "
          + after.size()
          + ", of them 503: "
          + after.stream().filter(o -> isUnavailable(o.answer())).count()
          + ", labelled stale: "
          + after.stream().filter(o -> isLabelledStale(o.answer())).count()
          + ", of those exact: "
          + after.stream()
              .filter(o -> isLabelledStale(o.answer()) && isComplete(o.answer(), known))
              .count()
          + "; the change call itself took "
          + (changeDoneNanos - changeNanos) / 1_000_000
          + " ms)";
    }
  }

  // --- instances ---

  private record Instance(
      String name, String baseUrl, HostAddress address, LeadProjectionApp app) {}

  private List<Instance> startInstances(int count) {
    List<Integer> ports = FreePorts.take(count);
    for (int i = 0; i < count; i++) {
      startInstance(Character.toString('a' + i), ports.get(i));
    }
    awaitEveryInstanceRunning();
    return List.copyOf(instances);
  }

  private Instance startInstance(String name, int port) {
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
    Instance instance =
        new Instance(
            name,
            "http://localhost:" + port,
            new HostAddress("localhost", port),
            LeadProjectionApp.start(config));
    instances.add(instance);
    return instance;
  }

  private void awaitEveryInstanceRunning() {
    await()
        .atMost(STARTED)
        .until(
            () ->
                instances.stream()
                    .allMatch(
                        i -> i.app().projection().streams().state() == KafkaStreams.State.RUNNING));
  }

  /**
   * Records in the largest partition of all this application's changelogs together: a bound on the
   * restore lag a joiner without state has on any one task.
   */
  private long largestChangelogPartition() {
    try {
      Admin admin = SharedKafka.admin();
      List<String> changelogs =
          admin.listTopics().names().get().stream()
              .filter(name -> name.startsWith(applicationId + "-") && name.endsWith("-changelog"))
              .toList();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (String changelog : changelogs) {
        for (int partition = 0; partition < PARTITIONS; partition++) {
          latest.put(new TopicPartition(changelog, partition), OffsetSpec.latest());
        }
      }
      Map<Integer, Long> byPartition = new HashMap<>();
      admin
          .listOffsets(latest)
          .all()
          .get()
          .forEach(
              (partition, offsets) ->
                  byPartition.merge(partition.partition(), offsets.offset(), Long::sum));
      return byPartition.values().stream().mapToLong(Long::longValue).max().orElse(0);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static StreamsClusterView clusterViewOf(Instance instance) {
    return new StreamsClusterView(
        instance.app().projection().streams(), instance.address(), PARTITIONS, Names.LEAD_EVENTS);
  }

  // --- data ---

  /** The leads of a workspace of this test, those of another, and a key that reads the first. */
  private record Dataset(
      String workspace,
      Map<String, Lead> leads,
      Map<String, Lead> otherLeads,
      String apiKey,
      KnownAnswer knownAnswer) {}

  /** A query and its complete answer: the leads' ids and the pagination. */
  private record KnownAnswer(Map<String, String> params, List<String> ids, JsonNode pagination) {}

  private Dataset publishDataset() {
    return publishDataset(GENERATED_LEADS);
  }

  private Dataset publishDataset(int count) {
    String workspace = "ws_cluster_" + suffix;
    String otherWorkspace = "ws_cluster_other_" + suffix;
    List<String> events = new ArrayList<>();
    new HistoryGenerator(11, workspace, START).generateInterleaved(count, events::add);
    new HistoryGenerator(12, otherWorkspace, START)
        .generateInterleaved(OTHER_WORKSPACE_LEADS, events::add);
    ReferenceProjection reference = new ReferenceProjection().apply(events);
    publish(events);
    String apiKey = ApiKeyFormat.generate();
    try (ApiKeyStore keys = new ApiKeyStore(SharedKafka.bootstrapServers())) {
      keys.createWithValue(apiKey, workspace, Set.of("leads:read"), "cluster IT");
    }
    Map<String, Lead> leads = reference.leadsOf(workspace);
    Map<String, String> known = new LinkedHashMap<>();
    known.put("limit", "25");
    known.put("page", "3");
    known.put("sortBy", "lastName");
    known.put("sortOrder", "asc");
    LeadPage page = new ReferenceQueryEngine(leads.values()).query(workspace, parse(known));
    return new Dataset(
        workspace,
        leads,
        reference.leadsOf(otherWorkspace),
        apiKey,
        new KnownAnswer(
            known, page.leads().stream().map(Lead::id).toList(), paginationOf(page)));
  }

  /**
   * Waits until every instance answers every lead of the workspace exactly as the reference holds
   * it.
   */
  private void awaitEveryInstanceApplied(Dataset data) {
    ReferenceQueryEngine reference = new ReferenceQueryEngine(data.leads().values());
    await()
        .atMost(APPLIED)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              for (Instance instance : instances) {
                for (int page = 1; page <= (data.leads().size() + 99) / 100; page++) {
                  Map<String, String> params =
                      Map.of("limit", "100", "page", Integer.toString(page), "sortBy", "updatedAt");
                  LeadPage expected = reference.query(data.workspace(), parse(params));
                  Answer answer = list(instance, data.apiKey(), params);
                  assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                  assertThat(answer.json().at("/data/pagination"))
                      .isEqualTo(paginationOf(expected));
                  assertThat(answer.json().at("/data/leads"))
                      .isEqualTo(
                          JSON.createArrayNode()
                              .addAll(
                                  expected.leads().stream().map(ClusterIT::apiJsonOf).toList()));
                }
              }
            });
  }

  private static void publish(List<String> lines) {
    PublishedEvents.publishAll(SharedKafka.bootstrapServers(), lines);
  }

  // --- HTTP ---

  /**
   * The first answer that is not a 503: every instance running and applied is not yet every
   * partition settled (a cooperative rebalance's last round may still move one), and a 503 with
   * Retry-After is what the contract gives meanwhile; this test checks the complete answers.
   */
  private static Answer answered(java.util.function.Supplier<Answer> ask) {
    java.util.concurrent.atomic.AtomicReference<Answer> last = new java.util.concurrent.atomic.AtomicReference<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              last.set(ask.get());
              return last.get().status() != 503;
            });
    return last.get();
  }

  private static Answer list(Instance instance, String apiKey, Map<String, String> params) {
    return HttpCalls.get(
        instance.baseUrl() + "/api/v2/leads?" + queryString(params), Map.of("x-api-key", apiKey));
  }

  private static Answer askOnce(Instance instance, Dataset data) {
    return list(instance, data.apiKey(), data.knownAnswer().params());
  }

  private static boolean isComplete(Answer answer, KnownAnswer known) {
    return answer != null
        && answer.status() == 200
        && idsOf(answer).equals(known.ids())
        && answer.json().at("/data/pagination").equals(known.pagination());
  }

  private static String queryString(Map<String, String> params) {
    return params.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"))
        .collect(Collectors.joining("&"));
  }

  private static List<String> idsOf(Answer answer) {
    return StreamSupport.stream(answer.json().at("/data/leads").spliterator(), false)
        .map(lead -> lead.get("id").asText())
        .toList();
  }

  /** The reference's pagination as the API prints it, next cursor included. */
  private static JsonNode paginationOf(LeadPage page) {
    com.fasterxml.jackson.databind.node.ObjectNode pagination =
        (com.fasterxml.jackson.databind.node.ObjectNode) jsonOf(page.pagination());
    pagination.put(
        "nextCursor",
        page.nextCursor() == null ? null : CursorSignatures.forCluster(CLUSTER_SECRET).sign(page.nextCursor()));
    return pagination;
  }

  private static JsonNode jsonOf(Object value) {
    try {
      return JSON.readTree(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode apiJsonOf(Lead lead) {
    try {
      return JSON.readTree(LeadJson.toBytes(lead, false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
