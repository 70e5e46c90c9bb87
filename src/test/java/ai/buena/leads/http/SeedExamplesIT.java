package ai.buena.leads.http;

import static java.util.Comparator.comparing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.CodePointOrder;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.runtime.DemoSeedEvents;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.testing.PublishedEvents;
import ai.buena.leads.testing.ReferenceProjection;
import ai.buena.leads.testing.RunningApp;
import ai.buena.leads.testing.SharedKafka;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed page's JavaScript examples 1 (Lead Dashboard Analytics), 3 (Lead Export and Backup) and
 * 5 (Lead Quality Scoring), copied verbatim to {@code seed-examples/}, run with Node against a
 * running instance: only the host is swapped, by wrapping {@code fetch} ({@code run.js}). Their
 * results are checked against the same events folded by {@link ReferenceProjection}.
 */
class SeedExamplesIT {
  private static final Duration APPLIED = Duration.ofSeconds(120);
  private static final Duration NODE_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
  private static final int GENERATED_LEADS = 250;
  private static final int PAGE_SIZE = 100;
  private static final String RESULT_PREFIX = "RESULT ";
  private static final Comparator<Lead> OLDEST_FIRST =
      comparing(Lead::createdAt).thenComparing(Lead::id, CodePointOrder::compare);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(HTTP_TIMEOUT).build();

  @TempDir static Path dataDir;

  private static RunningApp app;
  private static String baseUrl;
  private static String apiKey;
  private static Map<String, Lead> expected;
  private static Map<LeadStatus, Long> expectedCounts;

  @BeforeAll
  static void startAnInstanceWithTheSeedLeadsAndGeneratedOnesInAWorkspaceOfItsOwn() throws IOException {
    assumeTrue(nodeIsOnThePath(), "node is not on the PATH: the seed page's JavaScript examples cannot run");
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String workspace = "ws_seed_" + suffix;
    List<String> events = new ArrayList<>(DemoSeedEvents.forWorkspace(workspace, suffix));
    // Generated up to now, so that the recency part of calculateLeadScore meets every case.
    new HistoryGenerator(5, workspace, Instant.now().truncatedTo(ChronoUnit.SECONDS))
        .generate(GENERATED_LEADS, events::add);
    ReferenceProjection reference = new ReferenceProjection().apply(events);
    expected = reference.leadsOf(workspace);
    expectedCounts = reference.countsOf(workspace);
    assertThat(expected.size())
        .as("leads: more than two pages of %d", PAGE_SIZE)
        .isGreaterThan(2 * PAGE_SIZE);

    app = RunningApp.start(RunningApp.config("it-seed-examples-" + suffix, dataDir, "exactly_once_v2"));
    baseUrl = "http://localhost:" + app.app().httpPort();
    publish(events);
    try (ApiKeyStore keys = new ApiKeyStore(SharedKafka.bootstrapServers())) {
      apiKey = keys.create(workspace, Set.of("leads:read"), "seed examples IT");
    }
    await()
        .atMost(APPLIED)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(totalOf("/api/v2/leads?limit=1")).isEqualTo(expected.size()));
  }

  @AfterAll
  static void stopTheInstance() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void dashboardAnalyticsCountsTheLeadsOfEachStatusAndTheCountsAddUpToTheTotal(@TempDir Path workDir)
      throws IOException, InterruptedException {
    NodeRun run = runExample(workDir, "dashboard-analytics.js", "getLeadAnalytics");

    Map<String, Long> analytics = new LinkedHashMap<>();
    run.result()
        .fields()
        .forEachRemaining(field -> analytics.put(field.getKey(), field.getValue().longValue()));
    Map<String, Long> expectedByStatus = new LinkedHashMap<>();
    expectedCounts.forEach((status, count) -> expectedByStatus.put(status.wire(), count));
    assertThat(analytics).containsExactlyEntriesOf(expectedByStatus);
    long total = analytics.values().stream().mapToLong(Long::longValue).sum();
    assertThat(total).isEqualTo(expected.size());
    String conversionRate = toFixed1(analytics.get("converted") / (double) total * 100);
    assertThat(run.stdout()).contains("Conversion Rate: " + conversionRate + "%");
  }

  @Test
  void exportAndBackupReturnsEveryLeadOnceOldestFirstAndBacksUpTheSameLeads(@TempDir Path workDir)
      throws IOException, InterruptedException {
    NodeRun run = runExample(workDir, "export-and-backup.js", "exportAllLeads");

    List<String> oldestFirst = expected.values().stream().sorted(OLDEST_FIRST).map(Lead::id).toList();
    List<JsonNode> exported = elements(run.result());
    assertThat(idsOf(exported)).doesNotHaveDuplicates().containsExactlyElementsOf(oldestFirst);
    for (JsonNode lead : exported) {
      assertThat(lead).isEqualTo(apiJsonOf(expected.get(lead.get("id").asText())));
    }
    long pages = (expected.size() + PAGE_SIZE - 1) / PAGE_SIZE;
    assertThat(run.stdout().lines().filter(line -> line.startsWith("Exported page ")))
        .hasSize((int) pages);
    assertThat(run.stdout()).contains("Total leads exported: " + expected.size());

    List<Path> backups;
    try (Stream<Path> files = Files.list(run.workingDirectory())) {
      backups = files.filter(file -> nameOf(file).startsWith("leads-backup-")).toList();
    }
    assertThat(backups).hasSize(1);
    assertThat(nameOf(backups.get(0))).matches("leads-backup-\\d{4}-\\d{2}-\\d{2}\\.json");
    List<JsonNode> backedUp = elements(JSON.readTree(backups.get(0).toFile()));
    assertThat(backedUp).hasSize(expected.size());
    assertThat(idsOf(backedUp)).containsExactlyElementsOf(oldestFirst);
  }

  @Test
  void qualityScoringScoresEveryLeadOnceAsTheSeedFormulaDoesAndSortsByScoreDescending(@TempDir Path workDir)
      throws IOException, InterruptedException {
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    NodeRun run = runExample(workDir, "quality-scoring.js", "scoreAllLeads");
    Instant after = Instant.now().plusMillis(1);

    assertThat(expected.values())
        .as("the data meets every case of the recency part")
        .anyMatch(lead -> daysSinceContact(lead, before) <= 7)
        .anyMatch(lead -> daysSinceContact(lead, before) > 7 && daysSinceContact(lead, before) <= 30)
        .anyMatch(lead -> daysSinceContact(lead, before) > 30 && lead.lastContactedAt() != null);
    List<JsonNode> scored = elements(run.result());
    List<String> ids = idsOf(scored);
    assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected.keySet());
    Map<String, Integer> scores = new LinkedHashMap<>();
    for (JsonNode lead : scored) {
      String id = lead.get("id").asText();
      assertThat(lead.get("score").isInt()).as("score of %s is an integer", id).isTrue();
      int score = lead.get("score").intValue();
      Lead reference = expected.get(id);
      // The recency part counts days from the example's "now", somewhere between before and after;
      // a score can only fall as time passes.
      assertThat(score)
          .as("score of %s", id)
          .isBetween(0, 20)
          .isBetween(calculateLeadScore(reference, after), calculateLeadScore(reference, before));
      ObjectNode withoutScore = (ObjectNode) lead.deepCopy();
      withoutScore.remove("score");
      assertThat(withoutScore).isEqualTo(apiJsonOf(reference));
      scores.put(id, score);
    }
    assertThat(List.copyOf(scores.values())).isSortedAccordingTo(Comparator.reverseOrder());
    assertThat(Set.copyOf(scores.values())).as("distinct scores").hasSizeGreaterThan(3);
    // Array.prototype.sort is stable: within a score, the API's default order (createdAt desc, id
    // desc) of the pages it read stays.
    List<String> stableByScore =
        new ArrayList<>(expected.values().stream().sorted(OLDEST_FIRST.reversed()).map(Lead::id).toList());
    stableByScore.sort(comparing(scores::get, Comparator.reverseOrder()));
    assertThat(ids).containsExactlyElementsOf(stableByScore);
    assertThat(run.stdout()).contains("Top 10 highest scoring leads:");
  }

  // --- calculateLeadScore of the seed page, in Java ---

  private static final Map<String, Integer> COMPANY_SIZE =
      Map.of("1-10", 1, "11-50", 2, "51-200", 3, "201-1000", 4, "1000+", 5);
  private static final List<String> SENIOR_TITLES =
      List.of("ceo", "cto", "vp", "director", "head", "senior");
  private static final long DAY_MILLIS = 1000L * 60 * 60 * 24;
  private static final long NEVER = Long.MAX_VALUE;

  /** The seed page's {@code calculateLeadScore(lead)} when {@code new Date()} is {@code now}. */
  static int calculateLeadScore(Lead lead, Instant now) {
    int score = 0;
    Object employeeCount = lead.customFields().get("employeeCount");
    if (isTruthy(employeeCount)) {
      score += COMPANY_SIZE.getOrDefault(String.valueOf(employeeCount), 0);
    }
    String title = lead.title() == null ? null : lead.title().toLowerCase(Locale.ROOT);
    if (title != null && SENIOR_TITLES.stream().anyMatch(title::contains)) {
      score += 3;
    }
    if (lead.status() == LeadStatus.REPLIED) {
      score += 5;
    } else if (lead.status() == LeadStatus.CONTACTED) {
      score += 2;
    }
    if (lead.source() == LeadSource.REFERRAL) {
      score += 4;
    } else if (lead.source() == LeadSource.LINKEDIN) {
      score += 2;
    }
    if (lead.lastContactedAt() != null) {
      long days = daysSinceContact(lead, now);
      if (days <= 7) {
        score += 3;
      } else if (days <= 30) {
        score += 1;
      }
    }
    return Math.min(score, 20);
  }

  /** Whole days from the last contact to {@code now}, floored as the example does; or NEVER. */
  private static long daysSinceContact(Lead lead, Instant now) {
    return lead.lastContactedAt() == null
        ? NEVER
        : Math.floorDiv(now.toEpochMilli() - lead.lastContactedAt().toEpochMilli(), DAY_MILLIS);
  }

  private static boolean isTruthy(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof String text) {
      return !text.isEmpty();
    }
    if (value instanceof Boolean flag) {
      return flag;
    }
    if (value instanceof Number number) {
      double d = number.doubleValue();
      return d != 0 && !Double.isNaN(d);
    }
    return true;
  }

  /** JavaScript's {@code x.toFixed(1)} for a finite, non-negative x: the exact value, ties up. */
  private static String toFixed1(double x) {
    return new BigDecimal(x).setScale(1, RoundingMode.HALF_UP).toPlainString();
  }

  // --- running an example ---

  /** What one run of node printed; the working directory is where the example wrote its files. */
  private record NodeRun(Path workingDirectory, String stdout, String stderr) {
    JsonNode result() throws IOException {
      List<String> lines = stdout.lines().toList();
      String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
      assertThat(last).as("last line of stdout; stderr:%n%s", stderr).startsWith(RESULT_PREFIX);
      return JSON.readTree(last.substring(RESULT_PREFIX.length()));
    }
  }

  private static NodeRun runExample(Path workDir, String example, String entryFunction)
      throws IOException, InterruptedException {
    Path scripts = Files.createDirectories(workDir.resolve("scripts"));
    Path cwd = Files.createDirectories(workDir.resolve("cwd"));
    Path stdout = workDir.resolve("stdout.txt");
    Path stderr = workDir.resolve("stderr.txt");
    copyResource("run.js", scripts);
    copyResource(example, scripts);
    ProcessBuilder builder =
        new ProcessBuilder(
                "node",
                scripts.resolve("run.js").toString(),
                scripts.resolve(example).toString(),
                entryFunction)
            .directory(cwd.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    builder.environment().put("SEED_BASE_URL", baseUrl);
    builder.environment().put("SEED_API_KEY", apiKey);
    Process node = builder.start();
    boolean finished = node.waitFor(NODE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      node.destroyForcibly().waitFor();
    }
    NodeRun run = new NodeRun(cwd, Files.readString(stdout), Files.readString(stderr));
    assertThat(finished)
        .as("node %s finished within %s; stderr:%n%s", example, NODE_TIMEOUT, run.stderr())
        .isTrue();
    assertThat(node.exitValue())
        .as("exit code of node %s; stdout:%n%s%nstderr:%n%s", example, run.stdout(), run.stderr())
        .isZero();
    return run;
  }

  private static void copyResource(String name, Path directory) throws IOException {
    try (InputStream in = SeedExamplesIT.class.getResourceAsStream("/seed-examples/" + name)) {
      assertThat(in).as("resource seed-examples/%s", name).isNotNull();
      Files.copy(in, directory.resolve(name));
    }
  }

  private static boolean nodeIsOnThePath() {
    try {
      Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      node.getInputStream().transferTo(OutputStream.nullOutputStream());
      return node.waitFor(30, TimeUnit.SECONDS) && node.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // --- data and HTTP ---

  private static void publish(List<String> lines) {
    PublishedEvents.publishAll(SharedKafka.bootstrapServers(), lines);
  }

  private static long totalOf(String pathAndQuery) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
            .timeout(HTTP_TIMEOUT)
            .header("x-api-key", apiKey)
            .GET()
            .build();
    HttpResponse<String> response =
        HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).at("/data/pagination/total").longValue();
  }

  private static JsonNode apiJsonOf(Lead lead) {
    try {
      return JSON.readTree(LeadJson.toBytes(lead, false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonNode> elements(JsonNode array) {
    assertThat(array.isArray()).as("an array").isTrue();
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  private static String nameOf(Path file) {
    return file.getFileName().toString();
  }

  private static List<String> idsOf(List<JsonNode> leads) {
    return leads.stream().map(lead -> lead.get("id").asText()).toList();
  }
}
