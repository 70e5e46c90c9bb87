package ai.buena.leads.projection;

import static ai.buena.leads.projection.IndexedLeadStoreTest.PARTITION;
import static ai.buena.leads.projection.IndexedLeadStoreTest.WORKSPACES;
import static ai.buena.leads.projection.IndexedLeadStoreTest.keepingRetiredCopies;
import static ai.buena.leads.projection.IndexedLeadStoreTest.open;
import static ai.buena.leads.projection.IndexedLeadStoreTest.writeRandomly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionClosedException;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.RetiredCopy;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.projection.IndexedLeadStoreTest.Opened;
import ai.buena.leads.query.Answered;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.PartialAnswer;
import ai.buena.leads.query.StandbyBound;
import ai.buena.leads.query.StandbyCopies;
import ai.buena.leads.query.UnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up copies on real RocksDB stores, closed and reopened as Kafka Streams does: a partition
 * answers from its snapshot and its store on disk (read-only) before the store opens, labelled
 * with how far its committed changelog offset is behind; only when the store on disk provably is
 * the snapshot's state at that offset; and never once the store opens, the preloads are dropped or
 * the instance stops.
 */
class StartUpCopiesTest {
  /** The end offset of the changelog in these tests: a copy committed at 57 is 23 behind. */
  private static final long CHANGELOG_END = 80;

  private static final long COMMITTED = 57;
  private static final StandbyBound ALLOWED = new StandbyBound(1000);

  @TempDir Path stateDir;

  /** A task directory whose store was written and then closed right after a commit. */
  private record Closed(Path applicationDir, Path taskDir, String changelogTopic, Map<String, Lead> leads) {}

  private Closed closedAfterACommit(String name, long seed) {
    Path applicationDir = stateDir.resolve(name);
    Path taskDir = applicationDir.resolve(new TaskId(0, PARTITION).toString());
    Opened opened = open(new LocalIndexes(), taskDir);
    writeRandomly(new Random(seed), opened, 300);
    opened.store().commit(Map.of(opened.changelog(), COMMITTED));
    Map<String, Lead> leads = contents(opened);
    opened.store().close();
    return new Closed(applicationDir, taskDir, opened.changelog().topic(), leads);
  }

  private static Map<String, Lead> contents(Opened opened) {
    Map<String, Lead> leads = new HashMap<>();
    try (KeyValueIterator<Bytes, byte[]> all = opened.store().all()) {
      all.forEachRemaining(entry -> {
        Lead lead = LeadJson.fromBytes(entry.value);
        leads.put(lead.id(), lead);
      });
    }
    return leads;
  }

  private static SnapshotPreloads preloadsServing(Closed closed, LocalIndexes indexes) {
    SnapshotPreloads preloads = SnapshotPreloads.start(closed.applicationDir(), 1);
    preloads.serveStartUpCopies(indexes, closed.changelogTopic());
    await().atMost(Duration.ofSeconds(60)).until(preloads::allOffered);
    return preloads;
  }

  /** Queries as an instance does, with the changelog's end at {@link #CHANGELOG_END}. */
  private static LocalLeadQueryService queries(LocalIndexes indexes) {
    StandbyCopies changelogAtItsEnd =
        new StandbyCopies() {
          @Override
          public OptionalLong recordsBehind(int partition) {
            return indexes
                .partition(partition)
                .map(index -> OptionalLong.of(CHANGELOG_END - index.changelogOffset()))
                .orElse(OptionalLong.empty());
          }

          @Override
          public OptionalLong recordsBehind(RetiredCopy copy) {
            return OptionalLong.of(CHANGELOG_END - copy.changelogOffset());
          }

          @Override
          public Optional<Lead> lead(int partition, String leadId) {
            throw new UnavailableException("none", Duration.ofSeconds(1));
          }
        };
    return new LocalLeadQueryService(
        indexes,
        PARTITION + 1,
        () -> true,
        id -> PARTITION,
        LocalLeadQueryService.DEFAULT_WORK_BUDGET,
        changelogAtItsEnd);
  }

  private static long countIn(Map<String, Lead> leads, String workspace) {
    return leads.values().stream().filter(lead -> lead.workspaceId().equals(workspace)).count();
  }

  private static PartialAnswer partial(LocalLeadQueryService queries, String workspace, StandbyBound bound) {
    return queries.partial(workspace, LeadQuery.builder().limit(100).build(), Set.of(PARTITION), bound);
  }

  @Test
  void shouldAnswerEveryWorkspaceCompletelyFromAStartUpCopyLabelledWithTheRecordsBehindItsCommit() {
    Closed closed = closedAfterACommit("answers", 41);
    LocalIndexes indexes = keepingRetiredCopies();
    try (SnapshotPreloads preloads = preloadsServing(closed, indexes)) {
      LocalLeadQueryService queries = queries(indexes);

      for (String workspace : WORKSPACES) {
        PartialAnswer answer = partial(queries, workspace, ALLOWED);
        assertThat(answer.total()).as(workspace).isEqualTo(countIn(closed.leads(), workspace));
        assertThat(answer.staleness().recordsBehind()).isEqualTo(CHANGELOG_END - COMMITTED);
        assertThat(answer.staleness().standbyPartitions()).isEqualTo(1);
      }
      assertThat(indexes.retiredPartition(PARTITION).orElseThrow().atStartUp()).isTrue();
      assertThat(indexes.all()).isEmpty(); // never an active's or a standby's
    }
  }

  @Test
  void shouldReadALeadOfAStartUpCopyFromTheStoreOnDiskLabelled() {
    Closed closed = closedAfterACommit("lead", 42);
    LocalIndexes indexes = keepingRetiredCopies();
    try (SnapshotPreloads preloads = preloadsServing(closed, indexes)) {
      Lead stored = closed.leads().values().iterator().next();

      Answered<Optional<Lead>> found =
          queries(indexes).find(stored.workspaceId(), stored.id(), ALLOWED);

      assertThat(found.value()).contains(stored);
      assertThat(found.staleness().recordsBehind()).isEqualTo(CHANGELOG_END - COMMITTED);
    }
  }

  @Test
  void shouldAnswer503FromAStartUpCopyFurtherBehindThanTheBound() {
    Closed closed = closedAfterACommit("bound", 43);
    LocalIndexes indexes = keepingRetiredCopies();
    try (SnapshotPreloads preloads = preloadsServing(closed, indexes)) {
      assertThat(indexes.retiredPartition(PARTITION)).isPresent();

      assertThatThrownBy(() -> partial(queries(indexes), WORKSPACES.get(0), new StandbyBound(22)))
          .isInstanceOf(UnavailableException.class)
          .hasMessageContaining("23 records behind");
    }
  }

  @Test
  void shouldNotServeASnapshotWhoseStoreWasWrittenAfterItEvenWithItsFilesPutBack() throws Exception {
    Closed closed = closedAfterACommit("written-after", 44);
    byte[] snapshot = Files.readAllBytes(closed.taskDir().resolve(IndexedLeadStore.SNAPSHOT_FILE));
    byte[] commit = Files.readAllBytes(closed.taskDir().resolve(SnapshotCommit.FILE));
    LocalIndexes anyIndexes = new LocalIndexes();
    Opened again = open(anyIndexes, closed.taskDir());
    writeRandomly(new Random(45), again, 50);
    again.rocksDb().close(); // RocksDB closes, the index is never saved: as a crash after a flush
    anyIndexes.unregister(again.store().index());
    Files.write(closed.taskDir().resolve(IndexedLeadStore.SNAPSHOT_FILE), snapshot);
    Files.write(closed.taskDir().resolve(SnapshotCommit.FILE), commit);

    LocalIndexes indexes = keepingRetiredCopies();
    try (SnapshotPreloads preloads = preloadsServing(closed, indexes)) {
      assertThat(indexes.retiredPartition(PARTITION)).isEmpty();
      assertThatThrownBy(() -> partial(queries(indexes), WORKSPACES.get(0), ALLOWED))
          .isInstanceOf(UnavailableException.class);
    }
  }

  @Test
  void shouldNotServeASnapshotSavedWithWritesSinceTheLastCommit() {
    Path applicationDir = stateDir.resolve("uncommitted");
    Path taskDir = applicationDir.resolve(new TaskId(0, PARTITION).toString());
    Opened opened = open(new LocalIndexes(), taskDir);
    Random random = new Random(46);
    writeRandomly(random, opened, 200);
    opened.store().commit(Map.of(opened.changelog(), COMMITTED));
    writeRandomly(random, opened, 20);
    opened.store().close(); // a close with writes since the commit (dirty): snapshot, no commit file

    LocalIndexes indexes = keepingRetiredCopies();
    Closed closed = new Closed(applicationDir, taskDir, opened.changelog().topic(), Map.of());
    try (SnapshotPreloads preloads = preloadsServing(closed, indexes)) {
      assertThat(Files.exists(taskDir.resolve(IndexedLeadStore.SNAPSHOT_FILE))).isTrue();
      assertThat(indexes.retiredPartition(PARTITION)).isEmpty();
    }
  }

  @Test
  void shouldNotServeASnapshotWhoseCommitOffsetIsNotTheOneItsStoreCommitted() throws Exception {
    Closed closed = closedAfterACommit("other-offset", 47);
    Path commitFile = closed.taskDir().resolve(SnapshotCommit.FILE);
    UUID id = SnapshotCommit.read(commitFile).orElseThrow().snapshotId();
    new SnapshotCommit(id, COMMITTED + 1).write(commitFile);

    LocalIndexes indexes = keepingRetiredCopies();
    try (SnapshotPreloads preloads = preloadsServing(closed, indexes)) {
      assertThat(indexes.retiredPartition(PARTITION)).isEmpty();
    }
  }

  @Test
  void shouldNotKeepAStartUpCopyWhenStaleAnswersAreOff() {
    Closed closed = closedAfterACommit("off", 48);
    LocalIndexes indexes = new LocalIndexes();
    try (SnapshotPreloads preloads = preloadsServing(closed, indexes)) {
      assertThat(indexes.retiredPartition(PARTITION)).isEmpty();
    }
  }

  @Test
  void shouldCloseTheStartUpCopyWhenThePreloadsAreDroppedAtTheFirstRunning() {
    Closed closed = closedAfterACommit("dropped", 49);
    LocalIndexes indexes = keepingRetiredCopies();
    try (SnapshotPreloads preloads = preloadsServing(closed, indexes)) {
      PartitionIndex copy = indexes.retiredPartition(PARTITION).orElseThrow().index();

      preloads.discardUnclaimed();

      assertThat(indexes.retiredPartition(PARTITION)).isEmpty();
      assertThatThrownBy(() -> copy.lead("any")).isInstanceOf(PartitionClosedException.class);
    }
  }

  @Test
  void shouldCloseTheStartUpCopyWhenTheInstanceStops() {
    Closed closed = closedAfterACommit("stopping", 50);
    LocalIndexes indexes = keepingRetiredCopies();
    SnapshotPreloads preloads = preloadsServing(closed, indexes);
    assertThat(indexes.retiredPartition(PARTITION)).isPresent();

    indexes.stopRetiring();
    indexes.closeAllRetired();
    preloads.close();

    assertThat(indexes.retiredPartition(PARTITION)).isEmpty();
  }

  @Test
  void shouldHandTheSnapshotFromTheCopyToItsOpeningStoreWithoutAnUnavailableOrFailedRead()
      throws Exception {
    Closed closed = closedAfterACommit("handover", 51);
    LocalIndexes indexes = keepingRetiredCopies();
    try (SnapshotPreloads preloads = preloadsServing(closed, indexes)) {
      PartitionIndex copy = indexes.retiredPartition(PARTITION).orElseThrow().index();
      LocalLeadQueryService queries = queries(indexes);
      AtomicBoolean done = new AtomicBoolean();
      AtomicInteger labelled = new AtomicInteger();
      AtomicInteger unavailable = new AtomicInteger();
      Map<String, Throwable> failures = new ConcurrentHashMap<>();
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 4; r++) {
        String workspace = WORKSPACES.get(r % WORKSPACES.size());
        Thread reader =
            new Thread(
                () -> {
                  while (!done.get()) {
                    try {
                      PartialAnswer answer = partial(queries, workspace, ALLOWED);
                      if (answer.total() == countIn(closed.leads(), workspace)
                          && answer.staleness().stale()) {
                        labelled.incrementAndGet();
                      } else {
                        failures.put("unlabelled or incomplete " + answer, new AssertionError());
                      }
                    } catch (UnavailableException e) {
                      unavailable.incrementAndGet();
                    } catch (Throwable e) {
                      failures.put(e.toString(), e);
                    }
                  }
                });
        reader.start();
        readers.add(reader);
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> labelled.get() > 100);

      Opened opened = open(indexes, closed.taskDir(), new ProjectionMetrics(), preloads);
      assertThatThrownBy(() -> copy.lead("any")).isInstanceOf(PartitionClosedException.class);
      assertThat(indexes.retiredPartition(PARTITION)).isEmpty();
      int labelledAtOpen = labelled.get();
      await().atMost(Duration.ofSeconds(60)).until(() -> unavailable.get() + labelled.get() > labelledAtOpen + 100);
      done.set(true);
      for (Thread reader : readers) {
        reader.join();
      }

      assertThat(failures).isEmpty();
      assertThat(unavailable.get()).as("answers 503 while the store opened").isZero();
      assertThat(indexes.standbyPartition(PARTITION)).contains(opened.store().index());
      opened.store().close();
    }
  }
}
