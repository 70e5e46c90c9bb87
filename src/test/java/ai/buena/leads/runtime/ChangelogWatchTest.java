package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The watch's decisions on topic IDs the test sets (with Kafka: ChangelogWatchIT). */
class ChangelogWatchTest {
  private static final String LEADS = "app-leads-changelog";
  private static final String COUNTS = "app-lead-status-counts-changelog";

  @TempDir Path dir;
  private final Map<String, Uuid> topics = new ConcurrentHashMap<>();
  private final List<String> reports = new CopyOnWriteArrayList<>();

  @Test
  void shouldRememberTheTopicIdsFirstSeenForTheNextStart() {
    Uuid leads = Uuid.randomUuid();
    topics.put(LEADS, leads);
    ChangelogWatch watch = watch();

    watch.check();
    Uuid counts = Uuid.randomUuid();
    topics.put(COUNTS, counts);
    watch.check();

    assertThat(RememberedChangelogs.read(memory())).isEqualTo(Map.of(LEADS, leads, COUNTS, counts));
    assertThat(reports).isEmpty();
  }

  @Test
  void shouldReportOnceAChangelogCreatedAgainUnderAnotherTopicId() {
    Uuid first = Uuid.randomUuid();
    topics.put(LEADS, first);
    ChangelogWatch watch = watch();
    watch.check();

    Uuid again = Uuid.randomUuid();
    topics.put(LEADS, again);
    watch.check();
    watch.check();

    assertThat(reports).hasSize(1);
    assertThat(reports.get(0))
        .contains(LEADS + " was deleted and created again")
        .contains(first.toString())
        .contains(again.toString())
        .contains("reprocess from scratch");
    assertThat(RememberedChangelogs.read(memory())).containsEntry(LEADS, first);
  }

  @Test
  void shouldReportAChangelogCreatedAgainSinceTheRunItRemembers() {
    Uuid remembered = Uuid.randomUuid();
    RememberedChangelogs.write(memory(), Map.of(LEADS, remembered));
    topics.put(LEADS, Uuid.randomUuid());

    watch().check();

    assertThat(reports).singleElement().asString().contains(LEADS + " was deleted and created again (topic ID " + remembered);
  }

  @Test
  void shouldReportAChangelogMissingAtTwoChecksInARow() {
    topics.put(LEADS, Uuid.randomUuid());
    ChangelogWatch watch = watch();
    watch.check();
    topics.remove(LEADS);

    watch.check();
    assertThat(reports).isEmpty();

    watch.check();
    assertThat(reports).singleElement().asString().contains(LEADS + " was deleted");
  }

  @Test
  void shouldNotReportAChangelogMissingAtOneCheckOnly() {
    Uuid leads = Uuid.randomUuid();
    topics.put(LEADS, leads);
    ChangelogWatch watch = watch();
    watch.check();

    topics.remove(LEADS);
    watch.check();
    topics.put(LEADS, leads);
    watch.check();
    topics.remove(LEADS);
    watch.check();

    assertThat(reports).isEmpty();
  }

  @Test
  void shouldNotReportChangelogsThatDoNotExistYet() {
    ChangelogWatch watch = watch();

    watch.check();
    watch.check();

    assertThat(reports).isEmpty();
    assertThat(memory()).doesNotExist();
  }

  @Test
  void shouldTakeTheFirstRealTopicIdAfterBrokersThatNamedNone() {
    topics.put(LEADS, Uuid.ZERO_UUID);
    ChangelogWatch watch = watch();
    watch.check();
    watch.check();

    Uuid named = Uuid.randomUuid();
    topics.put(LEADS, named);
    watch.check();

    assertThat(reports).isEmpty();
    assertThat(RememberedChangelogs.read(memory())).isEqualTo(Map.of(LEADS, named));
  }

  @Test
  void shouldGoOnWhenTheTopicIdsCannotBeRead() {
    Uuid leads = Uuid.randomUuid();
    topics.put(LEADS, leads);
    boolean[] failing = {false};
    ChangelogWatch watch =
        new ChangelogWatch(
            List.of(LEADS, COUNTS),
            memory(),
            asked -> {
              if (failing[0]) {
                throw new IOException("broker unreachable");
              }
              return present(asked);
            },
            reports::add);
    watch.check();

    failing[0] = true;
    watch.check();
    watch.check();
    failing[0] = false;
    topics.put(LEADS, Uuid.randomUuid());
    watch.check();

    assertThat(reports).singleElement().asString().contains("created again");
  }

  @Test
  void shouldCheckEveryIntervalOnItsOwnThreadOnceStarted() {
    Uuid leads = Uuid.randomUuid();
    topics.put(LEADS, leads);
    try (ChangelogWatch watch =
        new ChangelogWatch(List.of(LEADS, COUNTS), memory(), this::present, reports::add, Duration.ofMillis(50))) {
      watch.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(memory()));

      topics.put(LEADS, Uuid.randomUuid());

      await().atMost(Duration.ofSeconds(5)).until(() -> reports.size() == 1);
    }
  }

  @Test
  void shouldCheckAtOnceWhenAskedToOnItsOwnThread() {
    Uuid leads = Uuid.randomUuid();
    topics.put(LEADS, leads);
    try (ChangelogWatch watch = watch()) {
      watch.checkSoon();
      await().atMost(Duration.ofSeconds(2)).until(() -> Files.exists(memory()));

      topics.put(LEADS, Uuid.randomUuid());
      watch.checkSoon();

      await().atMost(Duration.ofSeconds(2)).until(() -> reports.size() == 1);
    }
  }

  @Test
  void shouldHoldARetentionProblemFoundWhileRunningUntilItIsGone() {
    AtomicReference<Optional<String>> problem = new AtomicReference<>(Optional.empty());
    ChangelogWatch watch = new ChangelogWatch(List.of(LEADS), memory(), retentionAnswering(problem), reports::add);

    watch.checkRetention();
    assertThat(watch.retentionProblem()).isEmpty();

    problem.set(Optional.of(LEADS + " has cleanup.policy=delete with retention.ms=604800000"));
    watch.checkRetention();
    assertThat(watch.retentionProblem()).hasValue(LEADS + " has cleanup.policy=delete with retention.ms=604800000");

    problem.set(Optional.empty());
    watch.checkRetention();
    assertThat(watch.retentionProblem()).isEmpty();
    assertThat(reports).isEmpty();
  }

  @Test
  void shouldCheckRetentionOnItsOwnThreadOnceStarted() {
    AtomicReference<Optional<String>> problem = new AtomicReference<>(Optional.of("retention"));
    try (ChangelogWatch watch =
        new ChangelogWatch(List.of(LEADS), memory(), retentionAnswering(problem), reports::add, Duration.ofMillis(20))) {
      watch.start();

      await().atMost(Duration.ofSeconds(5)).until(() -> watch.retentionProblem().isPresent());
    }
  }

  private ChangelogWatch.StateTopics retentionAnswering(AtomicReference<Optional<String>> problem) {
    return new ChangelogWatch.StateTopics() {
      @Override
      public Map<String, Uuid> ids(List<String> asked) {
        return present(asked);
      }

      @Override
      public Optional<String> retentionProblem() {
        return problem.get();
      }
    };
  }

  private ChangelogWatch watch() {
    return new ChangelogWatch(List.of(LEADS, COUNTS), memory(), this::present, reports::add);
  }

  private Map<String, Uuid> present(List<String> asked) {
    Map<String, Uuid> ids = new HashMap<>();
    for (String topic : asked) {
      if (topics.containsKey(topic)) {
        ids.put(topic, topics.get(topic));
      }
    }
    return ids;
  }

  private Path memory() {
    return dir.resolve("app").resolve(RememberedChangelogs.FILE_NAME);
  }
}
