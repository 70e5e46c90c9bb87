package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.projection.Names;
import ai.buena.leads.projection.StatusCounts;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.runtime.topics.TopicProvisioner;
import ai.buena.leads.testing.Directories;
import ai.buena.leads.testing.Jdks;
import ai.buena.leads.testing.MappedLibraries;
import ai.buena.leads.testing.PublishedEvents;
import ai.buena.leads.testing.ReferenceProjection;
import ai.buena.leads.testing.ServiceProcess;
import ai.buena.leads.testing.TopicReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Nothing lost, no one in": the real service ({@code java -jar target/lead-projection.jar serve})
 * as a child process, killed with SIGKILL while it ingests, restarted on the same data directory,
 * on a wiped one, or left dead next to a surviving second instance. Afterwards its own outputs must
 * equal the in-memory reference of events.md: the API's leads (lead by lead) and status totals,
 * {@code lead-projections} for a read_committed consumer (exactly one record per applied event that
 * changed its lead, in order), {@code lead-status-counts}, and nothing of the workspace in {@code
 * lead-events.dlq}.
 *
 * <p>Each test runs its own in-process broker (it lives in this JVM, so it survives the kills):
 * the 100,000+ events here would otherwise stay in the shared broker's {@code lead-events}, and
 * every later test that starts a projection with a fresh application id would replay them. The
 * broker's default segment size (1 GiB) keeps the compacted output topics uncompacted during a
 * test, so every record the service wrote is still there to count. Seeds: {@code -Dcrash.seed=N}
 * repeats a run's events (the kills fall where the machine's timing puts them). Child logs:
 * {@code target/crash-recovery/<test>/}.
 */
class CrashRecoveryIT {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration INGEST = Duration.ofMinutes(4);
  private static final Duration COMPLETE = Duration.ofMinutes(3);
  private static final String SECRET = "crash-recovery-cluster-secret-0123456789";
  private static final int CHUNK = 5_000;
  /** The publisher stays at most this many events ahead of what the service has committed. */
  private static final long AHEAD = 25_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path tmp;

  private EmbeddedKafkaBroker kafka;
  private Admin admin;
  private Path logs;
  private final List<ServiceProcess> services = new ArrayList<>();
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  @BeforeEach
  void ownBroker(TestInfo test) {
    kafka = EmbeddedKafkaBroker.start(tmp.resolve("kafka"), 0);
    admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) DEADLINE.toMillis()));
    new TopicProvisioner(admin, TopicDeclarations.loadFromClasspath(), true, DEADLINE).apply();
    logs = Path.of("target", "crash-recovery", test.getTestMethod().orElseThrow().getName());
  }

  @AfterEach
  void stopEverything() {
    background.shutdownNow();
    services.forEach(ServiceProcess::close);
    admin.close(Duration.ofSeconds(5));
    kafka.close();
  }

  @Test
  void shouldLoseNothingAndApplyNothingTwiceWhenKilledRepeatedlyDuringIngest() throws Exception {
    long seed = seed();
    Random random = new Random(seed);
    Expected expected = Expected.generate(workspaceOf(seed), random.nextLong(), 33_500);
    assertThat(expected.events()).hasSizeGreaterThanOrEqualTo(100_000);
    String key = createKey(expected.workspace());
    String appId = uniqueApplicationId();
    ServiceProcess service = single("single", appId, tmp.resolve("single")).start();
    long began = System.nanoTime();

    CompletableFuture<Void> publishing = publishInBackground(expected.events(), appId);
    double progress = 0;
    int kills = 3;
    long lastRestart = began;
    for (int kill = 1; kill <= kills; kill++) {
      progress += 0.05 + 0.10 * random.nextDouble();
      long target = (long) (progress * expected.events().size());
      awaitCommitted(appId, target, random);
      long committed = committedEvents(appId);
      service.kill();
      lastRestart = System.nanoTime();
      service.start();
      Duration firstAnswer = awaitAnyAnswer(service, key);
      measured(
          "test=killed-repeatedly kill=%d/%d committedAtKill=%d/%d restartToFirstAnswerMs=%d",
          kill, kills, committed, expected.events().size(), firstAnswer.toMillis());
    }
    awaitDone(publishing);
    awaitCompleteAnswers(service, key, expected, appId);

    measured(
        "test=killed-repeatedly seed=%d events=%d leads=%d liveLeads=%d kills=%d"
            + " lastRestartToCompleteAnswersMs=%d ingestWithKillsMs=%d",
        seed,
        expected.events().size(),
        expected.sequences().size(),
        expected.leads().size(),
        kills,
        millisSince(lastRestart),
        millisSince(began));
    assertEverythingAsReference(service, key, expected);
  }

  @Test
  void shouldRestoreEverythingFromChangelogsAfterKillAndWipedDataDirectory() throws Exception {
    long seed = seed();
    Expected expected = Expected.generate(workspaceOf(seed), seed, 4_000);
    String key = createKey(expected.workspace());
    String appId = uniqueApplicationId();
    Path dataDir = tmp.resolve("wiped");
    ServiceProcess service = single("wiped", appId, dataDir).start();
    long began = System.nanoTime();
    publish(expected.events());
    awaitCompleteAnswers(service, key, expected, appId);
    long ingested = millisSince(began);

    service.kill();
    Directories.deleteRecursively(dataDir);
    long restarted = System.nanoTime();
    service.start();
    Duration firstAnswer = awaitAnyAnswer(service, key);
    awaitCompleteAnswers(service, key, expected, appId);

    measured(
        "test=wiped-data-dir seed=%d events=%d leads=%d liveLeads=%d ingestMs=%d"
            + " restartToFirstAnswerMs=%d restartToCompleteAnswersMs=%d",
        seed,
        expected.events().size(),
        expected.sequences().size(),
        expected.leads().size(),
        ingested,
        firstAnswer.toMillis(),
        millisSince(restarted));
    assertThat(dataDir.resolve("streams")).isDirectory();
    assertEverythingAsReference(service, key, expected);
  }

  @Test
  void shouldKeepAnsweringCorrectlyWhenOneOfTwoInstancesIsKilled() throws Exception {
    long seed = seed();
    Random random = new Random(seed);
    Expected expected = Expected.generate(workspaceOf(seed), random.nextLong(), 4_000);
    String key = createKey(expected.workspace());
    String appId = uniqueApplicationId();
    ServiceProcess doomed = clustered("doomed", appId, tmp.resolve("doomed")).start();
    ServiceProcess survivor = clustered("survivor", appId, tmp.resolve("survivor")).start();
    awaitAnyAnswer(doomed, key);
    awaitAnyAnswer(survivor, key);
    long began = System.nanoTime();

    CompletableFuture<Void> publishing = publishInBackground(expected.events(), appId);
    double progress = 0.2 + 0.4 * random.nextDouble();
    long target = (long) (progress * expected.events().size());
    awaitCommitted(appId, target, random);
    long committed = committedEvents(appId);
    doomed.kill();
    long killed = System.nanoTime();
    Duration survivorAnswers = awaitAnyAnswer(survivor, key);
    awaitDone(publishing);
    awaitCompleteAnswers(survivor, key, expected, appId);

    measured(
        "test=one-of-two-killed seed=%d events=%d leads=%d liveLeads=%d committedAtKill=%d/%d"
            + " killToSurvivorAnswersMs=%d killToCompleteAnswersMs=%d ingestMs=%d",
        seed,
        expected.events().size(),
        expected.sequences().size(),
        expected.leads().size(),
        committed,
        expected.events().size(),
        survivorAnswers.toMillis(),
        millisSince(killed),
        millisSince(began));
    assertThat(survivor.isAlive()).isTrue();
    assertEverythingAsReference(survivor, key, expected);
  }

  /**
   * The running path of a damaged store: a task moves to a second instance, its closed files on the
   * first are damaged, and the task comes back when the second dies. The first stops for good (exit
   * 4), deletes that task's directory once Kafka Streams has closed, and its next start restores the
   * task from the changelogs.
   */
  @Test
  void shouldStopAndDeleteTheTaskDirectoryWhenATaskComesBackToDamagedStoreFiles() throws Exception {
    long seed = seed();
    Expected expected = Expected.generate(workspaceOf(seed), seed, 4_000);
    String key = createKey(expected.workspace());
    String appId = uniqueApplicationId();
    Path firstData = tmp.resolve("first");
    ServiceProcess first = single("first", appId, firstData).start();
    publish(expected.events());
    awaitCompleteAnswers(first, key, expected, appId);
    ServiceProcess second = single("second", appId, tmp.resolve("second")).start();
    int moved = awaitALeadEventsPartitionHeldBy(appId, second);
    Path task = taskHoldingTheLeadsStore(firstData.resolve("streams").resolve(appId), moved);

    damageClosedStore(task.resolve("rocksdb").resolve("leads"));
    second.kill();

    assertThat(exitValue(first)).isEqualTo(4);
    assertThat(Files.readString(first.log()))
        .contains("the leads store of task " + task.getFileName() + " cannot be opened, RocksDB finds its files damaged")
        .contains("task directory " + task)
        .contains("the next start restores the task from the changelogs")
        .doesNotContain("could not delete");
    assertThat(task).doesNotExist();
    first.start();
    awaitCompleteAnswers(first, key, expected, appId);
    assertEverythingAsReference(first, key, expected);
  }

  /**
   * RocksDB unpacks its native library (15 MB) into {@code java.io.tmpdir} under a new name at
   * every start and deletes it only at a normal exit, and so does lz4-java (the producers'
   * compression): each SIGKILL left both behind. The service keeps one copy of RocksDB's in its
   * data directory, and its temporary files in the data directory's {@code tmp}, emptied at a start.
   */
  @Test
  void shouldLeaveNoNativeLibraryBehindInTheTemporaryDirectoryWhenKilled() throws Exception {
    String key = createKey("ws_native_" + seed());
    Path dataDir = tmp.resolve("native");
    Path jvmTmp = Files.createDirectories(tmp.resolve("jvm-tmp"));
    int port = ServiceProcess.freePort();
    ServiceProcess service =
        register(
            ServiceProcess.serve("native", port, serveArgs(uniqueApplicationId(), dataDir, port, 0), logs)
                .withJvmOptions(List.of("-Xmx1g", "-Djava.io.tmpdir=" + jvmTmp)));
    Assumptions.assumeTrue(
        Jdks.majorVersion(service.javaHome()).orElse(17) < Jdks.READS_TMPDIR_AT_START,
        "the service's JDK reads java.io.tmpdir at its start: NewerJavaIT covers it");

    for (int start = 1; start <= 2; start++) {
      service.start();
      awaitAnyAnswer(service, key);
      // the service's producers compress with lz4: their first batch loads its library
      publish(Expected.generate("ws_native_load_" + start, seed(), 20).events());
      await().atMost(INGEST).until(() -> !MappedLibraries.of(service.pid(), "lz4").isEmpty());
      assertThat(MappedLibraries.of(service.pid(), "rocksdbjni"))
          .singleElement()
          .satisfies(library -> assertThat(library).startsWith(dataDir.resolve(RocksDbLibrary.DIRECTORY).toString()));
      assertThat(MappedLibraries.of(service.pid(), "lz4"))
          .singleElement()
          .satisfies(library -> assertThat(library).startsWith(dataDir.resolve(PrivateTempDirectory.DIRECTORY).toString()));
      service.kill();
    }

    try (Stream<Path> left = Files.list(jvmTmp)) {
      assertThat(left.map(Path::getFileName).map(Path::toString))
          .noneMatch(name -> name.contains("rocksdb") || name.contains("lz4"));
    }
    try (Stream<Path> copies = Files.walk(dataDir.resolve(RocksDbLibrary.DIRECTORY))) {
      assertThat(copies.filter(Files::isRegularFile)).hasSize(1);
    }
    // the first process's files were removed at the second start: the second one's are left
    try (Stream<Path> left = Files.list(dataDir.resolve(PrivateTempDirectory.DIRECTORY))) {
      assertThat(left.map(Path::getFileName).map(Path::toString).filter(name -> name.endsWith(".so")))
          .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
          .startsWith("liblz4-java");
    }
  }

  // --- what the service must show ---------------------------------------------------------------

  /** All four checks, each reporting on its own, so a failure shows every output that is wrong. */
  private void assertEverythingAsReference(ServiceProcess service, String key, Expected expected) {
    SoftAssertions.assertSoftly(
        softly -> {
          softly.check(() -> assertAnswersAsReference(service, key, expected));
          softly.check(() -> assertProjectionsTopicAsReference(expected));
          softly.check(() -> assertStatusCountsTopicAsReference(expected));
          softly.check(() -> assertNoDeadLetters(expected));
        });
  }

  /** (a) Every lead through the API, page by page, and the total of every status. */
  private void assertAnswersAsReference(ServiceProcess service, String key, Expected expected) {
    Map<String, JsonNode> answered = new LinkedHashMap<>();
    List<String> repeated = new ArrayList<>();
    int pages = 1;
    for (int page = 1; page <= pages; page++) {
      JsonNode data =
          answer(service, key, "limit=100&sortBy=createdAt&sortOrder=asc&page=" + page)
              .orElseThrow(() -> new AssertionError("no answer from " + service.baseUrl()))
              .path("data");
      assertThat(data.path("pagination").path("total").asLong())
          .as("total on page %d", page)
          .isEqualTo(expected.leads().size());
      pages = data.path("pagination").path("pages").asInt();
      for (JsonNode lead : data.path("leads")) {
        if (answered.put(lead.path("id").asText(), lead) != null) {
          repeated.add(lead.path("id").asText());
        }
      }
    }
    List<String> lost =
        expected.leads().keySet().stream().filter(id -> !answered.containsKey(id)).sorted().toList();
    List<String> unexpected =
        answered.keySet().stream().filter(id -> !expected.leads().containsKey(id)).sorted().toList();
    List<String> different =
        answered.keySet().stream()
            .filter(id -> expected.leads().containsKey(id))
            .filter(id -> !answered.get(id).equals(apiJson(expected.leads().get(id))))
            .sorted()
            .toList();
    assertThat(repeated).as("leads answered on more than one page").isEmpty();
    assertThat(lost).as("leads lost (%d), first: %s", lost.size(), firstFew(lost)).isEmpty();
    assertThat(unexpected)
        .as("leads that should not exist (%d), first: %s", unexpected.size(), firstFew(unexpected))
        .isEmpty();
    String firstDifference =
        different.isEmpty()
            ? ""
            : answered.get(different.get(0)) + " expected "
                + apiJson(expected.leads().get(different.get(0)));
    assertThat(different)
        .as("leads that differ from the reference (%d), first: %s", different.size(), firstDifference)
        .isEmpty();
    assertThat(new ArrayList<>(answered.keySet()))
        .as("leads in createdAt ascending order, ties by id")
        .isEqualTo(expected.idsByCreatedAt());
    for (LeadStatus status : LeadStatus.values()) {
      assertThat(totalOf(service, key, "status=" + status.wire()))
          .as("total of status %s", status.wire())
          .isEqualTo(expected.counts().get(status));
    }
  }

  /**
   * (b) What a read_committed consumer of {@code lead-projections} sees of the workspace: per lead,
   * exactly the sequence of states the reference went through, one record per applied event that
   * changed the lead (aborted transactions are invisible; a re-applied event would add a record, a
   * lost one would miss one), the last being the current lead or a tombstone.
   */
  private void assertProjectionsTopicAsReference(Expected expected) {
    Map<String, List<String>> seen = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record :
        TopicReader.readAll(kafka.bootstrapServers(), Names.LEAD_PROJECTIONS)) {
      String leadId = utf8(record.key());
      if (expected.sequences().containsKey(leadId)) {
        seen.computeIfAbsent(leadId, id -> new ArrayList<>())
            .add(record.value() == null ? null : utf8(record.value()));
      }
    }
    long records = seen.values().stream().mapToLong(List::size).sum();
    List<String> different =
        expected.sequences().keySet().stream()
            .filter(id -> !expected.sequences().get(id).equals(seen.getOrDefault(id, List.of())))
            .sorted()
            .toList();
    List<String> wrongLast =
        expected.sequences().keySet().stream()
            .filter(id -> !lastOf(expected.sequences().get(id)).equals(lastOf(seen.get(id))))
            .sorted()
            .toList();
    measured(
        "lead-projections records=%d expectedRecords=%d events=%d leadsWithOtherSequence=%d",
        records, expected.records(), expected.events().size(), different.size());
    assertThat(wrongLast)
        .as(
            "leads whose last lead-projections record is not the reference state, first: %s",
            firstFew(wrongLast))
        .isEmpty();
    // before the count, so a record missing or repeated is named with its lead
    assertThat(different)
        .as(
            "leads whose lead-projections records are not the reference's states in order (%d),"
                + " first: %s",
            different.size(),
            different.isEmpty()
                ? ""
                : different.get(0) + " saw " + seen.get(different.get(0)) + " expected "
                    + expected.sequences().get(different.get(0)))
        .isEmpty();
    assertThat(records)
        .as("lead-projections records of the workspace (one per applied event that changed its lead)")
        .isEqualTo(expected.records());
  }

  /** The last {@code lead-status-counts} record of the workspace holds the reference's counts. */
  private void assertStatusCountsTopicAsReference(Expected expected) {
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () -> {
              StatusCounts last = null;
              for (ConsumerRecord<byte[], byte[]> record :
                  TopicReader.readAll(kafka.bootstrapServers(), Names.LEAD_STATUS_COUNTS)) {
                if (expected.workspace().equals(utf8(record.key())) && record.value() != null) {
                  last = StatusCounts.fromJson(record.value());
                }
              }
              assertThat(last).isNotNull();
              for (LeadStatus status : LeadStatus.values()) {
                assertThat(last.count(status))
                    .as("lead-status-counts %s", status.wire())
                    .isEqualTo(expected.counts().get(status));
              }
            });
  }

  /** (c) Every event was valid and applicable once: a second LeadCreated would be LEAD_EXISTS here. */
  private void assertNoDeadLetters(Expected expected) {
    List<String> letters =
        TopicReader.readAll(kafka.bootstrapServers(), Names.LEAD_EVENTS_DLQ).stream()
            .filter(
                record ->
                    (record.key() != null && expected.sequences().containsKey(utf8(record.key())))
                        || (record.value() != null
                            && utf8(record.value()).contains(expected.workspace())))
            .map(record -> utf8(record.value()) + " " + header(record, "error.code"))
            .toList();
    assertThat(letters).as("dead letters of the workspace, first: %s", firstFew(letters)).isEmpty();
  }

  // --- waiting on the service -------------------------------------------------------------------

  /** Until the service answers a leads query at all (it holds or reaches every partition). */
  private static Duration awaitAnyAnswer(ServiceProcess service, String key) {
    long from = System.nanoTime();
    await()
        .atMost(INGEST)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> answer(service, key, "limit=1").isPresent());
    return Duration.ofNanos(System.nanoTime() - from);
  }

  /**
   * Until every published event is committed as consumed and the service's totals (all leads and
   * per status) are the reference's.
   */
  private void awaitCompleteAnswers(
      ServiceProcess service, String key, Expected expected, String appId) {
    try {
      awaitTotals(service, key, expected, appId);
    } catch (ConditionTimeoutException timeout) {
      // Say what differs, not only that the totals never matched.
      assertEverythingAsReference(service, key, expected);
      throw timeout;
    }
  }

  private void awaitTotals(ServiceProcess service, String key, Expected expected, String appId) {
    await()
        .atMost(COMPLETE)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () ->
                committedEvents(appId) >= expected.events().size()
                    && totalOf(service, key, "") == expected.leads().size()
                    && Stream.of(LeadStatus.values())
                        .allMatch(
                            status ->
                                totalOf(service, key, "status=" + status.wire())
                                    == expected.counts().get(status)));
  }

  /**
   * Until the service has committed {@code target} events, then on to a random moment within the
   * next commit interval (1 s), so that the kill falls anywhere in a transaction, not just after a
   * commit.
   */
  private void awaitCommitted(String appId, long target, Random random) {
    await()
        .atMost(INGEST)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> committedEvents(appId) >= target);
    long killAt = System.nanoTime() + Duration.ofMillis(random.nextInt(300)).toNanos();
    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> System.nanoTime() >= killAt);
  }

  /** Sum of the application's committed offsets on {@code lead-events}: events consumed for good. */
  private long committedEvents(String appId)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets(appId)
            .partitionsToOffsetAndMetadata()
            .get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    return offsets.entrySet().stream()
        .filter(entry -> entry.getKey().topic().equals(Names.LEAD_EVENTS) && entry.getValue() != null)
        .mapToLong(entry -> entry.getValue().offset())
        .sum();
  }

  private static long totalOf(ServiceProcess service, String key, String filter) {
    String query = filter.isEmpty() ? "limit=1" : filter + "&limit=1";
    return answer(service, key, query)
        .map(body -> body.path("data").path("pagination").path("total").asLong())
        .orElse(-1L);
  }

  /** The body of a 200 answer to {@code GET /api/v2/leads?query}; empty for anything else. */
  private static Optional<JsonNode> answer(ServiceProcess service, String key, String query) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v2/leads?" + query))
            .header("x-api-key", key)
            .timeout(Duration.ofSeconds(20))
            .GET()
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? Optional.of(JSON.readTree(response.body()))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  // --- producing --------------------------------------------------------------------------------

  private void publish(List<String> lines) {
    PublishedEvents.publishAll(kafka.bootstrapServers(), lines);
  }

  /**
   * Publishes in chunks from another thread, as CRM producers keep writing while the service dies
   * and comes back; stays at most {@link #AHEAD} events ahead of what the service has committed,
   * so the kills fall while events are still arriving.
   */
  private CompletableFuture<Void> publishInBackground(List<String> lines, String appId) {
    AtomicLong sent = new AtomicLong();
    return CompletableFuture.runAsync(
        () -> {
          try (EventPublisher publisher = new EventPublisher(kafka.bootstrapServers())) {
            for (int from = 0; from < lines.size(); from += CHUNK) {
              await()
                  .atMost(INGEST)
                  .pollInterval(Duration.ofMillis(100))
                  .until(() -> committedEvents(appId) >= sent.get() - AHEAD);
              List<String> chunk = lines.subList(from, Math.min(lines.size(), from + CHUNK));
              PublishedEvents.publishAll(publisher, chunk);
              sent.addAndGet(chunk.size());
            }
          }
        },
        background);
  }

  private static void awaitDone(CompletableFuture<Void> publishing)
      throws InterruptedException, ExecutionException, TimeoutException {
    publishing.get(INGEST.toMillis(), TimeUnit.MILLISECONDS);
  }

  // --- the processes ----------------------------------------------------------------------------

  /** A {@code lead-events} partition that {@code instance}'s members hold in a stable group. */
  private int awaitALeadEventsPartitionHeldBy(String appId, ServiceProcess instance) {
    String ofInstance = "-" + instance.port() + "-";
    return await()
        .atMost(COMPLETE)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              ConsumerGroupDescription group =
                  admin.describeConsumerGroups(List.of(appId)).describedGroups().get(appId).get();
              if (group.groupState() != GroupState.STABLE) {
                return OptionalInt.empty();
              }
              return group.members().stream()
                  .filter(member -> member.groupInstanceId().orElse("").contains(ofInstance))
                  .flatMap(member -> member.assignment().topicPartitions().stream())
                  .filter(partition -> partition.topic().equals(Names.LEAD_EVENTS))
                  .mapToInt(TopicPartition::partition)
                  .findFirst();
            },
            OptionalInt::isPresent)
        .getAsInt();
  }

  /** The task directory ({@code <id>_<partition>}) under {@code tasks} with a {@code leads} store. */
  private static Path taskHoldingTheLeadsStore(Path tasks, int partition) throws IOException {
    try (Stream<Path> dirs = Files.list(tasks)) {
      return dirs.filter(dir -> dir.getFileName().toString().endsWith("_" + partition))
          .filter(dir -> Files.isDirectory(dir.resolve("rocksdb").resolve("leads")))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no task of partition " + partition + " under " + tasks));
    }
  }

  /**
   * Deletes every table file of {@code store} once its task's close ended: RocksDB releases the
   * store's {@code LOCK} when it closes, after its close persisted what it held in memory, so no
   * file is deleted while RocksDB still writes or names it.
   */
  private static void damageClosedStore(Path store) throws IOException {
    try {
      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> unlocked(store) && tableFile(store).isPresent());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("the store " + store + " did not close: " + listing(store.getParent().getParent()), e);
    }
    try (Stream<Path> files = Files.list(store)) {
      for (Path table : files.filter(file -> file.toString().endsWith(".sst")).toList()) {
        Files.delete(table);
      }
    }
  }

  /** Whether no process holds RocksDB's lock of {@code store} (RocksDB takes it with fcntl, as Java does). */
  private static boolean unlocked(Path store) throws IOException {
    try (FileChannel lock = FileChannel.open(store.resolve("LOCK"), StandardOpenOption.WRITE);
        FileLock taken = lock.tryLock()) {
      return taken != null;
    } catch (OverlappingFileLockException e) {
      return false;
    }
  }

  private static Optional<Path> tableFile(Path store) throws IOException {
    try (Stream<Path> files = Files.list(store)) {
      return files.filter(file -> file.toString().endsWith(".sst")).findFirst();
    }
  }

  /** The process's exit value; when it does not exit in time, the end of its log tells why. */
  private static int exitValue(ServiceProcess service) throws IOException {
    try {
      return service.awaitExit(COMPLETE);
    } catch (ConditionTimeoutException e) {
      List<String> lines = Files.readAllLines(service.log());
      throw new AssertionError(
          "the process did not exit; the end of its log:\n"
              + String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())),
          e);
    }
  }

  private static String listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.map(f -> dir.relativize(f) + " " + f.toFile().length()).toList().toString();
    }
  }

  private ServiceProcess single(String name, String appId, Path dataDir) {
    int port = ServiceProcess.freePort();
    return register(
        ServiceProcess.serve(name, port, serveArgs(appId, dataDir, port, 0), logs));
  }

  private ServiceProcess clustered(String name, String appId, Path dataDir) {
    int port = ServiceProcess.freePort();
    return register(
        ServiceProcess.serve(name, port, serveArgs(appId, dataDir, port, 1), logs));
  }

  private List<String> serveArgs(String appId, Path dataDir, int port, int standbys) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers", kafka.bootstrapServers(),
                "--data-dir", dataDir.toString(),
                "--application-id", appId,
                "--advertised-url", "http://localhost:" + port,
                "--cluster-secret", SECRET,
                "--standby-replicas", Integer.toString(standbys),
                // a crashed static member's partitions move after the session timeout: short here
                "--session-timeout", "PT10S",
                "--cap-replication"));
    // For trying Kafka Streams settings under crashes, e.g. a file with
    // enable.transactional.statestores=true (docs/reliability.md).
    String kafkaConfig = System.getProperty("crash.kafka.config");
    if (kafkaConfig != null && !kafkaConfig.isBlank()) {
      args.addAll(List.of("--kafka-config", kafkaConfig));
    }
    return args;
  }

  private ServiceProcess register(ServiceProcess service) {
    services.add(service);
    return service;
  }

  private String createKey(String workspace) {
    String key = ApiKeyFormat.generate();
    try (ApiKeyStore keys = new ApiKeyStore(kafka.bootstrapServers())) {
      keys.createWithValue(key, workspace, Set.of("leads:read"), "crash");
    }
    return key;
  }

  // --- the reference ----------------------------------------------------------------------------

  /**
   * Generated events of one workspace and what events.md makes of them: the live leads, the counts
   * per status, and per lead the state after each applied event (null = deleted), as JSON of
   * {@code lead-projections}.
   */
  private record Expected(
      String workspace,
      List<String> events,
      Map<String, Lead> leads,
      Map<LeadStatus, Long> counts,
      Map<String, List<String>> sequences) {

    static Expected generate(String workspace, long seed, int leads) {
      List<String> events = new ArrayList<>();
      new HistoryGenerator(seed, workspace, START).generateInterleaved(leads, events::add);
      Map<String, List<String>> sequences = new HashMap<>();
      ReferenceProjection reference =
          new ReferenceProjection()
              .onApplied(
                  (leadId, lead) ->
                      sequences
                          .computeIfAbsent(leadId, id -> new ArrayList<>())
                          .add(lead == null ? null : utf8(LeadJson.toBytes(lead, true))));
      reference.apply(events);
      assertThat(reference.deadLetters()).isZero();
      return new Expected(
          workspace,
          List.copyOf(events),
          reference.leadsOf(workspace),
          reference.countsOf(workspace),
          sequences);
    }

    /** The records lead-projections gets for the workspace: the reference's states, all leads. */
    long records() {
      return sequences.values().stream().mapToLong(List::size).sum();
    }

    List<String> idsByCreatedAt() {
      return leads.values().stream()
          .sorted(Comparator.comparing(Lead::createdAt).thenComparing(Lead::id))
          .map(Lead::id)
          .toList();
    }
  }

  // --- small things -----------------------------------------------------------------------------

  private static JsonNode apiJson(Lead lead) {
    try {
      return JSON.readTree(LeadJson.toBytes(lead, false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String lastOf(List<String> values) {
    return values == null || values.isEmpty()
        ? "(no record)"
        : String.valueOf(values.get(values.size() - 1));
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var header = record.headers().lastHeader(name);
    return header == null ? "" : utf8(header.value());
  }

  private static long seed() {
    long seed = Long.getLong("crash.seed", ThreadLocalRandom.current().nextLong());
    measured("seed=%d (repeat with -Dcrash.seed=%d)", seed, seed);
    return seed;
  }

  private static void measured(String format, Object... args) {
    System.out.println("MEASURED crash-recovery " + String.format(format, args));
  }

  private static long millisSince(long nanoTime) {
    return Duration.ofNanos(System.nanoTime() - nanoTime).toMillis();
  }

  private static <T> List<T> firstFew(List<T> items) {
    return items.subList(0, Math.min(5, items.size()));
  }

  /**
   * The workspace of a seed's events: the generated ids and histories depend on it, so a seed
   * repeats a run's events only with the same workspace. Each test has a broker of its own.
   */
  private static String workspaceOf(long seed) {
    return "ws_crash_" + Long.toUnsignedString(seed, 36);
  }

  private static String uniqueApplicationId() {
    return "crash-" + UUID.randomUUID();
  }

  private static String utf8(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
