package ai.buena.leads.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.index.IndexRole;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionClosedException;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.RetiredCopy;
import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.RandomLeads;
import ai.buena.leads.query.ReferenceQueryEngine;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortOrder;
import ai.buena.leads.testing.Gen;
import ai.buena.leads.testing.Seeded;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateRestoreCallback;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.internals.RecordBatchingStateRestoreCallback;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code leads} store over a real RocksDB keeps its index equal to its contents, whether it is
 * written by the processor (puts, deletes) or by Kafka Streams from the changelog (the restore
 * callback standby tasks use too), and builds it again from its contents when it reopens.
 */
class IndexedLeadStoreTest {
  static final int PARTITION = 2;
  private static final TopicPartition CHANGELOG = new TopicPartition("app-leads-changelog", PARTITION);
  static final List<String> WORKSPACES = List.of("ws_a", "ws_b", "ws_c");
  private static final Gen<Lead> LEADS = RandomLeads.leadsIn(Gen.of(WORKSPACES));

  @TempDir Path stateDir;

  @Test
  void shouldKeepTheIndexEqualToTheStoreThroughWritesAndChangelogRecords() {
    Seeded.check(
        12,
        random -> {
          LocalIndexes indexes = new LocalIndexes();
          Opened opened = open(indexes, stateDir.resolve("case-" + random.nextLong()));
          long offset = 0;
          for (int step = 0; step < 300; step++) {
            offset = randomWrite(random, opened, offset);
          }
          assertAnswersAsTheStoreContents(indexes, opened.store());
          assertThat(opened.store().index().changelogOffset()).isEqualTo(offset - 1);
          opened.store().close();
        });
  }

  @Test
  void shouldBuildTheIndexFromTheStoreContentsWhenItReopens() {
    LocalIndexes indexes = new LocalIndexes();
    Path dir = stateDir.resolve("reopened");
    Opened first = open(indexes, dir);
    Random random = new Random(5);
    long offset = 0;
    for (int step = 0; step < 300; step++) {
      offset = randomWrite(random, first, offset);
    }
    first.store().close();
    assertThat(indexes.partition(PARTITION)).isEmpty();

    Opened again = open(indexes, dir);

    assertThat(indexes.role(PARTITION)).contains(IndexRole.STANDBY);
    assertAnswersAsTheStoreContents(indexes, again.store());
    again.store().close();
  }

  @Test
  void shouldLoadTheIndexFromItsSnapshotWhenTheStoreReopensAfterAClose() {
    LocalIndexes indexes = new LocalIndexes();
    Path dir = stateDir.resolve("snapshot");
    ProjectionMetrics metrics = new ProjectionMetrics();
    Opened first = open(indexes, dir, metrics);
    writeRandomly(new Random(21), first, 300);
    first.store().close();

    Opened again = open(indexes, dir, metrics);

    assertThat(metrics.indexSnapshotWrittenCount()).isEqualTo(1);
    assertThat(metrics.indexSnapshotLoadCount()).isEqualTo(1);
    assertThat(metrics.indexBuildCount()).isEqualTo(1);
    assertAnswersAsTheStoreContents(indexes, again.store());
    again.store().close();
  }

  @Test
  void shouldBuildTheIndexWhenTheStoreWasWrittenAfterItsSnapshotWithoutANewOne() throws Exception {
    LocalIndexes indexes = new LocalIndexes();
    Path dir = stateDir.resolve("stale");
    ProjectionMetrics metrics = new ProjectionMetrics();
    Opened first = open(indexes, dir, metrics);
    Random random = new Random(22);
    writeRandomly(random, first, 300);
    first.store().close();
    Path snapshot = dir.resolve(IndexedLeadStore.SNAPSHOT_FILE);
    byte[] staleSnapshot = Files.readAllBytes(snapshot);

    Opened second = open(indexes, dir, metrics);
    writeRandomly(random, second, 300);
    second.rocksDb().close(); // RocksDB closes, the index is never saved: as a crash after a flush
    indexes.unregister(second.store().index());
    Files.write(snapshot, staleSnapshot); // even should the old file still be there

    Opened third = open(indexes, dir, metrics);

    assertThat(metrics.indexSnapshotLoadCount()).isEqualTo(1);
    assertThat(metrics.indexBuildCount()).isEqualTo(2);
    assertAnswersAsTheStoreContents(indexes, third.store());
    third.store().close();
  }

  @Test
  void shouldBuildTheIndexWhenItsSnapshotIsDamaged() throws Exception {
    LocalIndexes indexes = new LocalIndexes();
    Path dir = stateDir.resolve("damaged");
    ProjectionMetrics metrics = new ProjectionMetrics();
    Opened first = open(indexes, dir, metrics);
    writeRandomly(new Random(23), first, 300);
    first.store().close();
    Path snapshot = dir.resolve(IndexedLeadStore.SNAPSHOT_FILE);
    byte[] bytes = Files.readAllBytes(snapshot);
    bytes[bytes.length / 3] ^= 0x01;
    Files.write(snapshot, bytes);

    Opened again = open(indexes, dir, metrics);

    assertThat(metrics.indexSnapshotLoadCount()).isZero();
    assertThat(metrics.indexBuildCount()).isEqualTo(2);
    assertAnswersAsTheStoreContents(indexes, again.store());
    again.store().close();
  }

  @Test
  void shouldUseTheIndexItsSnapshotPreloadReadInTheBackground() throws Exception {
    LocalIndexes indexes = new LocalIndexes();
    Path applicationDir = stateDir.resolve("preloaded");
    Path dir = applicationDir.resolve(new TaskId(0, PARTITION).toString());
    ProjectionMetrics metrics = new ProjectionMetrics();
    Opened first = open(indexes, dir, metrics);
    writeRandomly(new Random(25), first, 300);
    first.store().close();

    try (SnapshotPreloads preloads = SnapshotPreloads.start(applicationDir, 1)) {
      await().atMost(Duration.ofSeconds(60)).until(preloads::allRead);
      Files.delete(dir.resolve(IndexedLeadStore.SNAPSHOT_FILE)); // only the preload has it now
      Opened again = open(indexes, dir, metrics, preloads);

      assertThat(metrics.indexSnapshotLoadCount()).isEqualTo(1);
      assertThat(metrics.indexBuildCount()).isEqualTo(1);
      assertAnswersAsTheStoreContents(indexes, again.store());
      again.store().close();
    }
  }

  @Test
  void shouldNotUseAPreloadedSnapshotOtherThanTheOneTheStoreNames() throws Exception {
    LocalIndexes indexes = new LocalIndexes();
    Path applicationDir = stateDir.resolve("preloaded-stale");
    Path dir = applicationDir.resolve(new TaskId(0, PARTITION).toString());
    ProjectionMetrics metrics = new ProjectionMetrics();
    Random random = new Random(26);
    Opened first = open(indexes, dir, metrics);
    writeRandomly(random, first, 300);
    first.store().close();

    try (SnapshotPreloads preloads = SnapshotPreloads.start(applicationDir, 1)) {
      await().atMost(Duration.ofSeconds(60)).until(preloads::allRead);
      Opened second = open(indexes, dir, metrics); // without the preload: it stays unclaimed
      writeRandomly(random, second, 300);
      second.store().close(); // a new snapshot, which the marker names
      Opened third = open(indexes, dir, metrics, preloads);

      assertThat(metrics.indexSnapshotLoadCount()).isEqualTo(2);
      assertAnswersAsTheStoreContents(indexes, third.store());
      third.store().close();
    }
  }

  @Test
  void shouldReadItsOwnSnapshotOnceThePreloadsWereDropped() throws Exception {
    LocalIndexes indexes = new LocalIndexes();
    Path applicationDir = stateDir.resolve("preloads-dropped");
    Path dir = applicationDir.resolve(new TaskId(0, PARTITION).toString());
    ProjectionMetrics metrics = new ProjectionMetrics();
    Opened first = open(indexes, dir, metrics);
    writeRandomly(new Random(27), first, 300);
    first.store().close();

    try (SnapshotPreloads preloads = SnapshotPreloads.start(applicationDir, 1)) {
      await().atMost(Duration.ofSeconds(60)).until(preloads::allRead);
      preloads.discardUnclaimed();
      Files.delete(dir.resolve(IndexedLeadStore.SNAPSHOT_FILE));
      Opened again = open(indexes, dir, metrics, preloads);

      assertThat(metrics.indexSnapshotLoadCount()).isZero();
      assertThat(metrics.indexBuildCount()).isEqualTo(2);
      assertAnswersAsTheStoreContents(indexes, again.store());
      again.store().close();
    }
  }

  @Test
  void shouldNotPreloadSnapshotsBeyondItsHeapBudget() throws Exception {
    LocalIndexes indexes = new LocalIndexes();
    Path applicationDir = stateDir.resolve("preload-budget");
    Path dir = applicationDir.resolve(new TaskId(0, PARTITION).toString());
    ProjectionMetrics metrics = new ProjectionMetrics();
    Opened first = open(indexes, dir, metrics);
    writeRandomly(new Random(28), first, 300);
    first.store().close();
    Path snapshot = dir.resolve(IndexedLeadStore.SNAPSHOT_FILE);
    long tooSmall = Files.size(snapshot) * SnapshotPreloads.HEAP_PER_FILE_BYTE - 1;

    try (SnapshotPreloads preloads = SnapshotPreloads.start(applicationDir, 1, tooSmall)) {
      await().atMost(Duration.ofSeconds(60)).until(preloads::allRead);
      Files.delete(snapshot);
      Opened again = open(indexes, dir, metrics, preloads);

      assertThat(metrics.indexSnapshotLoadCount()).isZero();
      assertThat(metrics.indexBuildCount()).isEqualTo(2);
      again.store().close();
    }
  }

  @Test
  void shouldPreloadTheNewestSnapshotsFirstWhenNotAllFitItsHeapBudget() throws Exception {
    Path applicationDir = stateDir.resolve("preload-newest");
    TaskId olderTask = new TaskId(0, PARTITION - 1);
    TaskId newerTask = new TaskId(0, PARTITION);
    Path older = applicationDir.resolve(olderTask.toString());
    Path newer = applicationDir.resolve(newerTask.toString());
    for (TaskId task : List.of(olderTask, newerTask)) {
      Path dir = applicationDir.resolve(task.toString());
      Opened first = open(new LocalIndexes(), dir, new ProjectionMetrics(), SnapshotPreloads.none(), task);
      writeRandomly(new Random(29), first, 300);
      first.store().close();
    }
    Path olderSnapshot = older.resolve(IndexedLeadStore.SNAPSHOT_FILE);
    Path newerSnapshot = newer.resolve(IndexedLeadStore.SNAPSHOT_FILE);
    Files.setLastModifiedTime(olderSnapshot, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    long forOne = Files.size(newerSnapshot) * SnapshotPreloads.HEAP_PER_FILE_BYTE;

    try (SnapshotPreloads preloads = SnapshotPreloads.start(applicationDir, 1, forOne)) {
      await().atMost(Duration.ofSeconds(60)).until(preloads::allRead);
      Files.delete(olderSnapshot);
      Files.delete(newerSnapshot);
      ProjectionMetrics newerMetrics = new ProjectionMetrics();
      ProjectionMetrics olderMetrics = new ProjectionMetrics();
      Opened newerAgain = open(new LocalIndexes(), newer, newerMetrics, preloads, newerTask);
      Opened olderAgain = open(new LocalIndexes(), older, olderMetrics, preloads, olderTask);

      assertThat(newerMetrics.indexBuildCount()).isZero();
      assertThat(olderMetrics.indexBuildCount()).isEqualTo(1);
      newerAgain.store().close();
      olderAgain.store().close();
    }
  }

  @Test
  void shouldNeverShowTheSnapshotMarkerAsALead() {
    LocalIndexes indexes = new LocalIndexes();
    Path dir = stateDir.resolve("marker");
    Opened first = open(indexes, dir, new ProjectionMetrics());
    writeRandomly(new Random(24), first, 50);
    first.store().close();

    Opened again = open(indexes, dir, new ProjectionMetrics());

    assertThat(again.store().get(IndexedLeadStore.SNAPSHOT_MARKER)).isNull();
    again.store().close();
  }

  @Test
  void shouldGiveTheIndexTheChangelogOffsetItsStoreCommittedWhenTheStoreReopens() {
    Path dir = stateDir.resolve("position");
    Opened first = open(new LocalIndexes(), dir);
    writeRandomly(new Random(37), first, 50);
    first.store().commit(Map.of(first.changelog(), 57L));
    first.store().close();

    Opened again = open(new LocalIndexes(), dir);

    assertThat(again.store().index().changelogOffset()).isEqualTo(57L);
    again.store().close();
  }

  @Test
  void shouldKeepAStoreClosedRightAfterACommitAsARetiredCopyThatStillAnswers() {
    LocalIndexes indexes = keepingRetiredCopies();
    Opened opened = open(indexes, stateDir.resolve("retired"));
    writeRandomly(new Random(31), opened, 300);
    List<Lead> contents = contentsOf(opened.store());
    opened.store().commit(Map.of(CHANGELOG, 41L));

    opened.store().close();

    RetiredCopy copy = indexes.retiredPartition(PARTITION).orElseThrow();
    assertThat(copy.changelogTopic()).isEqualTo(CHANGELOG.topic());
    assertThat(copy.changelogPartition()).isEqualTo(PARTITION);
    assertThat(copy.changelogOffset()).isEqualTo(41L);
    assertThat(opened.rocksDb().isOpen()).as("the task's own RocksDB handle").isFalse();
    assertThat(indexes.partition(PARTITION)).isEmpty();
    assertAnswersAs(copy.index(), contents);
    indexes.closeAllRetired();
    assertThatThrownBy(() -> copy.index().lead("any")).isInstanceOf(PartitionClosedException.class);
  }

  @Test
  void shouldKeepAStandbyClosedAfterChangelogRecordsAsARetiredCopyAtTheLastRecordsOffset() {
    LocalIndexes indexes = keepingRetiredCopies();
    Opened opened = open(indexes, stateDir.resolve("standby-retired"));
    Random random = new Random(38);
    long next = 0;
    for (int batch = 0; batch < 20; batch++) {
      next = restoreBatch(random, opened, next, 1 + random.nextInt(20));
    }
    List<Lead> contents = contentsOf(opened.store());

    opened.store().close();

    RetiredCopy copy = indexes.retiredPartition(PARTITION).orElseThrow();
    assertThat(copy.changelogOffset()).isEqualTo(next - 1);
    assertAnswersAs(copy.index(), contents);
    indexes.closeAllRetired();
  }

  @Test
  void shouldKeepAnsweringFromARetiredCopyOnceKafkaStreamsDeletedItsTaskDirectory() throws Exception {
    LocalIndexes indexes = keepingRetiredCopies();
    Path dir = stateDir.resolve("wiped");
    Opened opened = open(indexes, dir);
    writeRandomly(new Random(39), opened, 400);
    List<Lead> contents = contentsOf(opened.store());
    opened.store().commit(Map.of(CHANGELOG, 41L));
    opened.store().close();

    deleteRecursively(dir);

    RetiredCopy copy = indexes.retiredPartition(PARTITION).orElseThrow();
    assertThat(dir).doesNotExist();
    assertAnswersAs(copy.index(), contents);
    indexes.closeAllRetired();
  }

  @Test
  void shouldCloseAStoreWrittenSinceItsLastCommitInsteadOfKeepingIt() {
    LocalIndexes indexes = keepingRetiredCopies();
    Opened opened = open(indexes, stateDir.resolve("dirty"));
    writeCommitThenPutOneMore(new Random(32), opened);

    opened.store().close();

    assertThat(indexes.retiredPartition(PARTITION)).isEmpty();
    assertThat(opened.rocksDb().isOpen()).isFalse();
  }

  @Test
  void shouldCloseAStoreWrittenSinceItsLastCommitThatNamedNoOffsetInsteadOfKeepingIt() {
    LocalIndexes indexes = keepingRetiredCopies();
    Opened opened = open(indexes, stateDir.resolve("no-offset-named"));
    writeCommitThenPutOneMore(new Random(41), opened);

    opened.store().commit(Map.of());
    opened.store().close();

    assertThat(indexes.retiredPartition(PARTITION)).isEmpty();
  }

  @Test
  void shouldCloseAStoreReopenedAtLeastOnceWithContentsInsteadOfKeepingItBeforeItsFirstCommit() {
    LocalIndexes indexes = keepingRetiredCopies();
    Path dir = stateDir.resolve("reopened-at-least-once");
    Opened first = open(new LocalIndexes(), dir);
    writeRandomly(new Random(42), first, 100);
    first.store().commit(Map.of(first.changelog(), 41L));
    first.store().close();
    Opened again = open(indexes, dir);
    assertThat(again.store().index().changelogOffset()).isEqualTo(41L);

    again.store().close();

    assertThat(indexes.retiredPartition(PARTITION)).isEmpty();
  }

  @Test
  void shouldCloseAStoreInsteadOfKeepingItWithTransactionalStateStores() {
    LocalIndexes indexes = keepingRetiredCopies();
    Properties transactional = new Properties();
    transactional.put("enable.transactional.statestores", "true");
    Opened opened = open(indexes, stateDir.resolve("transactional"), transactional);
    writeRandomly(new Random(43), opened, 100);
    opened.store().commit(Map.of(CHANGELOG, 41L));

    opened.store().close();

    assertThat(indexes.retiredPartition(PARTITION)).isEmpty();
  }

  @Test
  void shouldCloseAStoreWhoseChangelogOffsetIsUnknownInsteadOfKeepingIt() {
    LocalIndexes indexes = keepingRetiredCopies();
    Opened opened = open(indexes, stateDir.resolve("unknown-offset"));
    writeRandomly(new Random(33), opened, 100);
    opened.store().commit(Map.of(CHANGELOG, -4L));

    opened.store().close();

    assertThat(indexes.retiredPartition(PARTITION)).isEmpty();
    assertThat(opened.rocksDb().isOpen()).isFalse();
  }

  @Test
  void shouldOpenAStoreOfThePartitionAgainBesideItsRetiredCopy() {
    LocalIndexes indexes = keepingRetiredCopies();
    Path dir = stateDir.resolve("reopened-after-retired");
    ProjectionMetrics metrics = new ProjectionMetrics();
    Opened first = open(indexes, dir, metrics);
    writeRandomly(new Random(34), first, 300);
    List<Lead> contents = contentsOf(first.store());
    first.store().commit(Map.of(CHANGELOG, 41L));
    first.store().close();
    RetiredCopy retired = indexes.retiredPartition(PARTITION).orElseThrow();

    Opened again = open(indexes, dir, metrics);

    assertThat(indexes.standbyPartition(PARTITION)).containsSame(again.store().index());
    assertThat(metrics.indexSnapshotLoadCount()).isEqualTo(1);
    assertAnswersAsTheStoreContents(indexes, again.store());
    Lead lead = LEADS.next(new Random(40));
    again.store().put(key(lead.id()), LeadJson.toBytes(lead, true));
    assertAnswersAs(retired.index(), contents);
    again.store().close();
    indexes.closeAllRetired();
  }

  @Test
  void shouldCloseTheStoreAtShutdownInsteadOfKeepingIt() {
    LocalIndexes indexes = keepingRetiredCopies();
    Opened opened = open(indexes, stateDir.resolve("shutdown"));
    writeRandomly(new Random(35), opened, 100);
    opened.store().commit(Map.of(CHANGELOG, 41L));
    indexes.stopRetiring();

    opened.store().close();

    assertThat(indexes.retiredPartition(PARTITION)).isEmpty();
    assertThat(opened.rocksDb().isOpen()).isFalse();
  }

  static LocalIndexes keepingRetiredCopies() {
    return new LocalIndexes(new AppliedOffsets(), java.time.Duration.ofMinutes(5));
  }

  @Test
  void shouldAnswerReadsOfADamagedTableFileAsClosedAndReportTheStoreDamaged() throws Exception {
    LocalIndexes indexes = new LocalIndexes();
    Path dir = stateDir.resolve("damaged-table");
    Opened first = open(indexes, dir);
    writeRandomly(new Random(35), first, 400);
    first.store().commit(Map.of(CHANGELOG, 41L));
    List<String> ids = new ArrayList<>();
    try (org.apache.kafka.streams.state.KeyValueIterator<Bytes, byte[]> all = first.rocksDb().all()) {
      all.forEachRemaining(entry -> ids.add(new String(entry.key.get(), java.nio.charset.StandardCharsets.UTF_8)));
    }
    first.store().close();
    // inside a data block of the leads: its checksum fails
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir.resolve("rocksdb").resolve(Names.LEADS_STORE))) {
      // the largest table file is the leads' (a small one holds Kafka Streams' offsets, read at open)
      Path largest =
          files
              .filter(f -> f.toString().endsWith(".sst"))
              .max(java.util.Comparator.comparingLong(f -> f.toFile().length()))
              .orElseThrow();
      for (Path table : List.of(largest)) {
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(table.toFile(), "rw")) {
          // past the first block (the store's own keys, read at open), before the index at the end
          file.seek(file.length() / 3);
          file.write(new byte[64]);
        }
      }
    }
    Opened again = open(indexes, dir);
    PartitionIndex index = again.store().index();

    int refused = 0;
    for (String id : ids) {
      try {
        index.lead(id);
      } catch (PartitionClosedException damaged) {
        refused++;
      }
    }

    assertThat(refused).isPositive();
    assertThat(indexes.damagedStores()).containsOnlyKeys(PARTITION);
    assertThat(indexes.damagedStores().get(PARTITION)).contains("checksum mismatch");
    again.store().close();
  }

  static void writeRandomly(Random random, Opened opened, int writes) {
    long offset = 0;
    for (int step = 0; step < writes; step++) {
      offset = randomWrite(random, opened, offset);
    }
  }

  @Test
  void shouldRegisterItsIndexAsStandbyUntilTheProcessorPromotesIt() {
    LocalIndexes indexes = new LocalIndexes();
    Opened opened = open(indexes, stateDir.resolve("roles"));
    PartitionIndex index = opened.store().index();

    assertThat(indexes.standbyPartition(PARTITION)).contains(index);
    assertThat(indexes.activePartition(PARTITION)).isEmpty();
    indexes.assignRole(index, IndexRole.ACTIVE);
    assertThat(indexes.activePartition(PARTITION)).contains(index);
    assertThat(indexes.standby()).isEmpty();

    opened.store().close();
    assertThat(indexes.all()).isEmpty();
  }

  @Test
  void shouldBuildTheIndexOnceAtTheEndOfARestorationFromScratch() {
    LocalIndexes indexes = new LocalIndexes();
    Opened opened = open(indexes, stateDir.resolve("from-scratch"));
    Random random = new Random(9);
    long offset = 0;
    for (int batch = 0; batch < 3; batch++) {
      offset = restoreBatch(random, opened, offset, IndexedLeadStore.BULK_BATCH);
      assertThat(indexes.partition(PARTITION)).as("while restoring from scratch").isEmpty();
    }

    offset = restoreBatch(random, opened, offset, 10);

    assertThat(indexes.standbyPartition(PARTITION)).isPresent();
    assertThat(opened.store().index().changelogOffset()).isEqualTo(offset - 1);
    assertAnswersAsTheStoreContents(indexes, opened.store());
    opened.store().close();
  }

  @Test
  void shouldBuildTheIndexWhenTheProcessorAsksBeforeASmallBatchEndedTheRestoration() {
    LocalIndexes indexes = new LocalIndexes();
    Opened opened = open(indexes, stateDir.resolve("asked"));
    restoreBatch(new Random(10), opened, 0, IndexedLeadStore.BULK_BATCH * 2);
    assertThat(opened.store().index()).isNull();

    PartitionIndex built = opened.store().builtIndex();

    assertThat(indexes.partition(PARTITION)).containsSame(built);
    assertAnswersAsTheStoreContents(indexes, opened.store());
    opened.store().close();
  }

  @Test
  void shouldBuildTheIndexOnceTheChangelogStaysQuietAfterARestorationFromScratch() {
    LocalIndexes indexes = new LocalIndexes();
    Opened opened = open(indexes, stateDir.resolve("quiet"));
    long offset = restoreBatch(new Random(11), opened, 0, IndexedLeadStore.BULK_BATCH * 2);

    await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(() -> indexes.standbyPartition(PARTITION).isPresent());

    assertThat(opened.store().index().changelogOffset()).isEqualTo(offset - 1);
    assertAnswersAsTheStoreContents(indexes, opened.store());
    opened.store().close();
  }

  @Test
  void shouldBuildTheIndexAfterARestorationFromScratchOfAStoreInitializedAgainAfterItsClose() {
    LocalIndexes indexes = new LocalIndexes();
    Path dir = stateDir.resolve("revived");
    Opened first = open(indexes, dir);
    first.store().close();
    Opened revived = initialized(first.store(), first.rocksDb(), first.task());
    restoreBatch(new Random(12), revived, 0, IndexedLeadStore.BULK_BATCH * 2);

    await()
        .atMost(java.time.Duration.ofSeconds(15))
        .until(() -> indexes.standbyPartition(PARTITION).isPresent());

    assertAnswersAsTheStoreContents(indexes, revived.store());
    revived.store().close();
  }

  /** Random writes, a commit naming offset 41, then one more lead put: written since the commit. */
  private static void writeCommitThenPutOneMore(Random random, Opened opened) {
    writeRandomly(random, opened, 100);
    opened.store().commit(Map.of(CHANGELOG, 41L));
    Lead lead = LEADS.next(random);
    opened.store().put(key(lead.id()), LeadJson.toBytes(lead, true));
  }

  private static long restoreBatch(Random random, Opened opened, long offset, int size) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Lead lead = LEADS.next(random);
      records.add(
          new ConsumerRecord<>("leads-changelog", PARTITION, offset++, key(lead.id()).get(), LeadJson.toBytes(lead, true)));
    }
    opened.restore().restoreBatch(records);
    return offset;
  }

  /**
   * One random write: a put, a delete, a putAll, a putIfAbsent, a batch of changelog records, a
   * put announced as the processor announces it, or an announcement another key's put follows.
   */
  static long randomWrite(Random random, Opened opened, long offset) {
    IndexedLeadStore store = opened.store();
    switch (random.nextInt(7)) {
      case 5 -> {
        Lead lead = LEADS.next(random);
        byte[] previous = store.get(key(lead.id()));
        store.expectPut(lead.id(), previous == null ? null : LeadJson.fromBytes(previous), lead);
        store.put(key(lead.id()), LeadJson.toBytes(lead, true));
      }
      case 6 -> {
        Lead announced = LEADS.next(random);
        Lead written = LEADS.next(random);
        while (written.id().equals(announced.id())) {
          written = LEADS.next(random);
        }
        store.expectPut(announced.id(), null, announced);
        store.put(key(written.id()), LeadJson.toBytes(written, true));
      }
      case 0 -> {
        Lead lead = LEADS.next(random);
        store.put(key(lead.id()), LeadJson.toBytes(lead, true));
      }
      case 1 -> store.delete(key(LEADS.next(random).id()));
      case 2 -> {
        List<KeyValue<Bytes, byte[]>> entries = new ArrayList<>();
        for (int i = random.nextInt(5); i >= 0; i--) {
          Lead lead = LEADS.next(random);
          entries.add(KeyValue.pair(key(lead.id()), random.nextInt(4) == 0 ? null : LeadJson.toBytes(lead, true)));
        }
        store.putAll(entries);
      }
      case 3 -> {
        Lead lead = LEADS.next(random);
        store.putIfAbsent(key(lead.id()), LeadJson.toBytes(lead, true));
      }
      default -> {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = random.nextInt(8); i >= 0; i--) {
          Lead lead = LEADS.next(random);
          byte[] value = random.nextInt(4) == 0 ? null : LeadJson.toBytes(lead, true);
          records.add(new ConsumerRecord<>("leads-changelog", PARTITION, offset++, key(lead.id()).get(), value));
        }
        opened.restore().restoreBatch(records);
      }
    }
    return offset;
  }

  private static List<Lead> contentsOf(IndexedLeadStore store) {
    List<Lead> contents = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
      all.forEachRemaining(entry -> contents.add(LeadJson.fromBytes(entry.value)));
    }
    return contents;
  }

  /** {@code index} answers every lead of {@code contents}, and every list, as the reference does. */
  private static void assertAnswersAs(PartitionIndex index, List<Lead> contents) {
    assertThat(index.size()).isEqualTo(contents.size());
    for (Lead lead : contents) {
      assertThat(index.lead(lead.id())).as(lead.id()).isEqualTo(lead);
    }
    LocalIndexes asActive = new LocalIndexes();
    asActive.register(index);
    assertSameAnswers(new LocalLeadQueryService(asActive, 1, () -> true, id -> PARTITION), contents);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static void assertAnswersAsTheStoreContents(LocalIndexes indexes, IndexedLeadStore store) {
    List<Lead> contents = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
      all.forEachRemaining(entry -> contents.add(LeadJson.fromBytes(entry.value)));
    }
    assertThat(store.index().size()).isEqualTo(contents.size());
    LocalIndexes asActive = new LocalIndexes();
    asActive.register(indexes.partition(PARTITION).orElseThrow());
    assertSameAnswers(new LocalLeadQueryService(asActive, 1, () -> true, id -> PARTITION), contents);
  }

  private static void assertSameAnswers(LocalLeadQueryService fast, List<Lead> contents) {
    ReferenceQueryEngine reference = new ReferenceQueryEngine(contents);
    for (String workspace : WORKSPACES) {
      for (SortField field : SortField.values()) {
        for (SortOrder order : SortOrder.values()) {
          LeadQuery query = LeadQuery.builder().limit(100).sortBy(field).sortOrder(order).build();
          assertSameAnswer(workspace, query, fast, reference);
          assertSameAnswer(workspace, query.toBuilder().searchTerms(List.of("a")).build(), fast, reference);
        }
      }
    }
  }

  private static void assertSameAnswer(
      String workspace, LeadQuery query, LocalLeadQueryService fast, ReferenceQueryEngine reference) {
    LeadPage expected = reference.query(workspace, query);
    LeadPage actual = fast.list(workspace, query);
    assertThat(actual.pagination()).as("%s %s", workspace, query).isEqualTo(expected.pagination());
    assertThat(actual.leads()).as("%s %s", workspace, query).containsExactlyElementsOf(expected.leads());
  }

  private static Bytes key(String leadId) {
    return Bytes.wrap(leadId.getBytes(StandardCharsets.UTF_8));
  }

  /** The store, opened as Kafka Streams opens it, the RocksDB store inside, and the restore callback it registered. */
  record Opened(
      IndexedLeadStore store,
      KeyValueStore<Bytes, byte[]> rocksDb,
      RecordBatchingStateRestoreCallback restore,
      StateStoreContext task,
      TopicPartition changelog) {}

  static Opened open(LocalIndexes indexes, Path dir) {
    return open(indexes, dir, new ProjectionMetrics());
  }

  static Opened open(LocalIndexes indexes, Path dir, ProjectionMetrics metrics) {
    return open(indexes, dir, metrics, SnapshotPreloads.none());
  }

  static Opened open(
      LocalIndexes indexes, Path dir, ProjectionMetrics metrics, SnapshotPreloads preloads) {
    return open(indexes, dir, metrics, preloads, new Properties());
  }

  static Opened open(LocalIndexes indexes, Path dir, Properties settings) {
    return open(indexes, dir, new ProjectionMetrics(), SnapshotPreloads.none(), settings);
  }

  static Opened open(
      LocalIndexes indexes, Path dir, ProjectionMetrics metrics, SnapshotPreloads preloads, TaskId task) {
    return open(indexes, dir, metrics, preloads, new Properties(), task);
  }

  static Opened open(
      LocalIndexes indexes,
      Path dir,
      ProjectionMetrics metrics,
      SnapshotPreloads preloads,
      Properties settings) {
    return open(indexes, dir, metrics, preloads, settings, new TaskId(0, PARTITION));
  }

  static Opened open(
      LocalIndexes indexes,
      Path dir,
      ProjectionMetrics metrics,
      SnapshotPreloads preloads,
      Properties settings,
      TaskId taskId) {
    KeyValueStore<Bytes, byte[]> rocksDb = Stores.persistentKeyValueStore(Names.LEADS_STORE).get();
    IndexedLeadStore store =
        new IndexedLeadStore(rocksDb, indexes, new OpenLeadStores(metrics.jsonCaches()), metrics);
    Properties config = new Properties();
    config.putAll(settings);
    config.putAll(preloads.streamsProperties());
    StateStoreContext task =
        new MockProcessorContext<>(config, taskId, dir.toFile())
            .getStateStoreContext();
    return initialized(store, rocksDb, task);
  }

  /** {@code store} initialized by {@code task} (again, after a close, as Kafka Streams revives a task). */
  static Opened initialized(IndexedLeadStore store, KeyValueStore<Bytes, byte[]> rocksDb, StateStoreContext task) {
    List<StateRestoreCallback> registered = new ArrayList<>();
    store.init(
        new DelegatingStateStoreContext(task) {
          @Override
          protected StateRestoreCallback restoreCallback(StateRestoreCallback storeCallback) {
            registered.add(storeCallback);
            return storeCallback;
          }
        },
        store);
    assertThat(registered).hasSize(1);
    return new Opened(
        store,
        rocksDb,
        (RecordBatchingStateRestoreCallback) registered.get(0),
        task,
        new TopicPartition(task.applicationId() + "-" + Names.LEADS_STORE + "-changelog", PARTITION));
  }
}
