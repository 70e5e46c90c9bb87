package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.testing.GeneratedWorkspace;
import ai.buena.leads.testing.HttpCalls;
import ai.buena.leads.testing.ServiceCluster;
import ai.buena.leads.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service ({@code java -jar ... serve}, exactly-once) restarted on its data directory:
 * after a clean stop every partition's index is loaded from the snapshot its store saved and the
 * answers are those of before; after a SIGKILL no snapshot is trusted, every index is built from
 * its store, and the answers are still those of before.
 */
class IndexSnapshotIT {
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final String SECRET = "index-snapshot-it-cluster-secret-0123456789";
  private static final String WORKSPACE = "ws_index_snapshot";
  private static final String TOTAL_QUERY = "/api/v2/leads?limit=1";
  private static final int PARTITIONS = 6;
  private static final List<String> QUERIES =
      List.of(
          "/api/v2/leads?limit=100&sortBy=lastName&sortOrder=asc",
          "/api/v2/leads?limit=50&search=an&sortBy=createdAt&sortOrder=desc",
          "/api/v2/leads?limit=50&status=contacted&sortBy=lastContactedAt&sortOrder=asc",
          "/api/v2/leads?limit=20&title=engineer&page=2",
          "/api/v2/leads?limit=100&createdAfter=2025-01-01T00:00:00Z&sortBy=company");

  @TempDir static Path shared;
  private static EmbeddedKafkaBroker kafka;
  private static GeneratedWorkspace data;
  private static String key;

  @TempDir Path dir;
  private ServiceCluster cluster;
  private ServiceProcess service;
  private List<String> answersBefore;
  private String applicationId;

  @BeforeAll
  static void brokerAndData() {
    kafka = EmbeddedKafkaBroker.start(shared.resolve("kafka"), 0);
    ServiceCluster.provisionTopics(kafka.bootstrapServers());
    data = GeneratedWorkspace.generate(11, WORKSPACE, 2_000);
    data.publish(kafka.bootstrapServers());
    key = ServiceCluster.createReadKey(kafka.bootstrapServers(), WORKSPACE);
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @BeforeEach
  void startAndRecordAnswers(TestInfo test) {
    applicationId = "index-snapshot-" + UUID.randomUUID();
    cluster =
        new ServiceCluster(
            kafka.bootstrapServers(),
            applicationId,
            SECRET,
            dir,
            Path.of("target", "index-snapshot", test.getTestMethod().orElseThrow().getName()),
            List.of("--drain-period", "PT0S"),
            List.of("-Xmx384m"));
    service = cluster.start(cluster.add("single"));
    awaitComplete();
    answersBefore = answers();
  }

  @AfterEach
  void stopService() {
    cluster.close();
  }

  @Test
  void shouldLoadEveryIndexFromItsSnapshotAfterACleanStopAndAnswerAsBefore() {
    cleanRestart();

    assertThat(counter("leads_index_snapshot_loads_total")).isEqualTo(PARTITIONS);
    assertThat(counter("leads_index_builds_total")).isZero();
    assertThat(answers()).containsExactlyElementsOf(answersBefore);
  }

  @Test
  void shouldTrustNoSnapshotAfterASigkillAndAnswerAsBefore() {
    cleanRestart();
    assertThat(counter("leads_index_snapshot_loads_total")).isEqualTo(PARTITIONS);

    service.kill();
    cluster.start(service);
    awaitComplete();

    assertThat(counter("leads_index_snapshot_loads_total")).isZero();
    assertThat(counter("leads_index_builds_total")).isGreaterThanOrEqualTo(PARTITIONS);
    assertThat(answers()).containsExactlyElementsOf(answersBefore);
  }

  @Test
  void shouldRestoreATaskWhoseStoreFilesAreDamagedAfterOneFailedStart() throws IOException {
    service.sigterm();
    service.awaitExit(DEADLINE);
    Path tableFile = aTableFileOfTheLeadsStore();
    Path task = tableFile.getParent().getParent().getParent();
    Files.delete(tableFile);

    cluster.start(service);
    int exitCode = service.awaitExit(DEADLINE);

    assertThat(exitCode).isEqualTo(1);
    assertThat(Files.readString(service.log()))
        .contains("cannot be opened, RocksDB finds its files damaged")
        .contains("deleted its task directory " + task);
    assertThat(task).doesNotExist();

    cluster.start(service);
    awaitComplete();

    assertThat(answers()).containsExactlyElementsOf(answersBefore);
  }

  /** A table file of some task's {@code leads} store, after a clean stop flushed them. */
  private Path aTableFileOfTheLeadsStore() throws IOException {
    Path tasks = dir.resolve("single").resolve("streams").resolve(applicationId);
    try (Stream<Path> files = Files.walk(tasks)) {
      return files
          .filter(f -> f.toString().endsWith(".sst"))
          .filter(f -> f.getParent().getFileName().toString().equals("leads"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no table file of a leads store under " + tasks));
    }
  }

  private void cleanRestart() {
    service.sigterm();
    service.awaitExit(DEADLINE);
    cluster.start(service);
    awaitComplete();
  }

  private void awaitComplete() {
    cluster.awaitReady(service, DEADLINE);
    ServiceCluster.awaitTotal(service, TOTAL_QUERY, key, data.liveLeads(), DEADLINE);
  }

  private List<String> answers() {
    List<String> bodies = new ArrayList<>();
    for (String query : QUERIES) {
      HttpCalls.Answer answer = HttpCalls.get(service.baseUrl() + query, Map.of("x-api-key", key));
      assertThat(answer.status()).as(query).isEqualTo(200);
      // the leads and the total; a cursor may differ between two answers of the same page
      bodies.add(answer.json().path("data").path("leads") + " total " + answer.json().path("data").path("pagination").path("total"));
    }
    return bodies;
  }

  private long counter(String name) {
    String metrics = HttpCalls.get(service.baseUrl() + "/metrics", Map.of()).body();
    Matcher sample = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(metrics);
    assertThat(sample.find()).as("%s in /metrics", name).isTrue();
    return (long) Double.parseDouble(sample.group(2));
  }
}
