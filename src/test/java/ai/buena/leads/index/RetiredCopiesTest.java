package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.TestLeads;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle of retired copies in {@link LocalIndexes}: the copy of a task that left this
 * instance answers as RETIRED (never as active or standby), beside a newer index of its partition,
 * until its bound is over, its new owner answers, its partition is active here again or the
 * standby copy here has caught up with it, or the instance stops; closing it closes its index first
 * (reads under way finish, later ones are refused), then its store, once.
 */
class RetiredCopiesTest {
  private static final Duration LONG = Duration.ofMinutes(5);
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private final Map<String, Lead> store = new ConcurrentHashMap<>();
  private final AtomicInteger storeCloses = new AtomicInteger();

  @Test
  void shouldKeepNoCopyWithoutABound() {
    LocalIndexes indexes = new LocalIndexes();

    assertThat(retired(indexes, index(0))).isFalse();
    assertThat(indexes.retiredPartition(0)).isEmpty();
  }

  @Test
  void shouldKeepARetiredCopyReadableButNeverAsActiveOrStandby() {
    LocalIndexes indexes = keeping(LONG);
    PartitionIndex index = index(0);
    indexes.register(index, IndexRole.STANDBY);

    assertThat(indexes.retire(copyOf(index), index)).isTrue();

    assertThat(indexes.retiredPartition(0).orElseThrow().index()).isSameAs(index);
    assertThat(indexes.role(0)).contains(IndexRole.RETIRED);
    assertThat(index.lead("lead_0")).isNotNull();
    assertThat(indexes.activePartition(0)).isEmpty();
    assertThat(indexes.standbyPartition(0)).isEmpty();
    assertThat(indexes.partition(0)).isEmpty();
    assertThat(indexes.active()).isEmpty();
    assertThat(indexes.standby()).isEmpty();
    assertThat(indexes.all()).isEmpty();
  }

  @Test
  void shouldCloseARetiredCopyOnceItsBoundIsOver() {
    LocalIndexes indexes = keeping(Duration.ofMillis(300));
    PartitionIndex index = index(0);
    retired(indexes, index);

    await().atMost(DEADLINE).until(() -> indexes.retiredPartition(0).isEmpty());

    assertThat(storeCloses).hasValue(1);
    assertThatThrownBy(() -> index.lead("lead_0")).isInstanceOf(PartitionClosedException.class);
  }

  @Test
  void shouldKeepARetiredCopyBesideANewIndexOfItsPartitionThatIsBehindIt() {
    LocalIndexes indexes = keeping(LONG);
    retired(indexes, index(0));
    PartitionIndex restoring = index(0);
    restoring.changelogApplied(40);

    indexes.register(restoring, IndexRole.STANDBY);

    await().during(Duration.ofMillis(600)).atMost(DEADLINE).until(() -> storeCloses.get() == 0);
    assertThat(indexes.retiredPartition(0)).isPresent();
    assertThat(indexes.standbyPartition(0)).containsSame(restoring);
  }

  @Test
  void shouldCloseARetiredCopyOnceTheStandbyCopyHereHasCaughtUpWithIt() {
    LocalIndexes indexes = keeping(LONG);
    retired(indexes, index(0));
    PartitionIndex standby = index(0);
    indexes.register(standby, IndexRole.STANDBY);

    standby.changelogApplied(41);

    await().atMost(DEADLINE).until(() -> indexes.retiredPartition(0).isEmpty());
    assertThat(storeCloses).hasValue(1);
    assertThat(indexes.standbyPartition(0)).containsSame(standby);
  }

  @Test
  void shouldCloseARetiredCopyOnceItsPartitionIsActiveHereAgain() {
    LocalIndexes indexes = keeping(LONG);
    retired(indexes, index(0));

    indexes.register(index(0), IndexRole.ACTIVE);

    await().atMost(DEADLINE).until(() -> indexes.retiredPartition(0).isEmpty());
    assertThat(storeCloses).hasValue(1);
  }

  @Test
  void shouldCloseAnOlderCopyOfThePartitionWhenANewerOneIsKept() {
    LocalIndexes indexes = keeping(LONG);
    retired(indexes, index(0));
    PartitionIndex newer = index(0);

    assertThat(retired(indexes, newer)).isTrue();

    assertThat(storeCloses).hasValue(1);
    assertThat(indexes.retiredPartition(0).orElseThrow().index()).isSameAs(newer);
  }

  @Test
  void shouldCloseARetiredCopyAsSoonAsItsNewOwnerAnswersLongBeforeItsBound() {
    LocalIndexes indexes = keeping(LONG);
    AtomicBoolean newOwnerAnswers = new AtomicBoolean();
    indexes.dropRetiredWhen(partition -> partition == 0 && newOwnerAnswers.get());
    PartitionIndex index = index(0);
    retired(indexes, index);
    retired(indexes, index(1));

    newOwnerAnswers.set(true);

    await().atMost(DEADLINE).until(() -> indexes.retiredPartition(0).isEmpty());
    assertThat(storeCloses).hasValue(1);
    assertThatThrownBy(() -> index.lead("lead_0")).isInstanceOf(PartitionClosedException.class);
    assertThat(indexes.retiredPartition(1)).isPresent();
  }

  @Test
  void shouldKeepARetiredCopyWhileItsNewOwnerDoesNotAnswer() {
    LocalIndexes indexes = keeping(LONG);
    AtomicInteger asked = new AtomicInteger();
    indexes.dropRetiredWhen(
        partition -> {
          asked.incrementAndGet();
          return false;
        });
    retired(indexes, index(0));

    await().atMost(DEADLINE).until(() -> asked.get() >= 3);

    assertThat(indexes.retiredPartition(0)).isPresent();
    assertThat(storeCloses).hasValue(0);
  }

  @Test
  void shouldNotReplaceACopyWithANewerOneThatHoldsLessOfTheChangelog() {
    LocalIndexes indexes = keeping(LONG);
    PartitionIndex earlier = index(0);
    retired(indexes, earlier);
    PartitionIndex restoring = index(0);
    indexes.register(restoring, IndexRole.STANDBY);

    assertThat(indexes.retire(copyOf(restoring, 12), restoring)).isFalse();

    assertThat(indexes.retiredPartition(0).orElseThrow().index()).isSameAs(earlier);
    assertThat(indexes.standbyPartition(0)).containsSame(restoring);
    assertThat(storeCloses).hasValue(0);
  }

  @Test
  void shouldCloseTheRetiredCopyWhenAskedTo() {
    LocalIndexes indexes = keeping(LONG);
    retired(indexes, index(0));

    indexes.closeRetired(0);

    assertThat(storeCloses).hasValue(1);
    assertThat(indexes.retiredPartition(0)).isEmpty();
    PartitionIndex reopened = index(0);
    indexes.register(reopened, IndexRole.STANDBY);
    assertThat(indexes.standbyPartition(0)).containsSame(reopened);
  }

  @Test
  void shouldLetAReadUnderWayFinishBeforeTheStoreCloses() throws Exception {
    LocalIndexes indexes = keeping(LONG);
    PartitionIndex index = index(0);
    retired(indexes, index);
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Integer> read =
        CompletableFuture.supplyAsync(
            () ->
                index.read(
                    TestLeads.WORKSPACE,
                    view -> {
                      reading.countDown();
                      block(release);
                      return storeCloses.get();
                    }));
    assertThat(reading.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(() -> indexes.closeRetired(0));

    await().during(Duration.ofMillis(300)).atMost(DEADLINE).until(() -> storeCloses.get() == 0);
    release.countDown();
    assertThat(read.get(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isZero();
    closing.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    assertThat(storeCloses).hasValue(1);
  }

  @Test
  void shouldCloseEveryRetiredCopyAtShutdownAndKeepNoneAfter() {
    LocalIndexes indexes = keeping(LONG);
    retired(indexes, index(0));
    retired(indexes, index(1));

    indexes.stopRetiring();
    indexes.closeAllRetired();

    assertThat(storeCloses).hasValue(2);
    assertThat(indexes.retiredPartition(0)).isEmpty();
    assertThat(indexes.retiredPartition(1)).isEmpty();
    assertThat(retired(indexes, index(2))).isFalse();
  }

  @Test
  void shouldNotRetireOverAnotherIndexOfThePartition() {
    LocalIndexes indexes = keeping(LONG);
    PartitionIndex newer = index(0);
    indexes.register(newer, IndexRole.STANDBY);

    assertThat(indexes.retire(copyOf(index(0)), index(0))).isFalse();

    assertThat(indexes.standbyPartition(0)).containsSame(newer);
    assertThat(indexes.retiredPartition(0)).isEmpty();
  }

  @Test
  void shouldCloseARetiredCopysStoreOnceWhenItIsClosedFromSeveralPlaces() {
    LocalIndexes indexes = keeping(LONG);
    PartitionIndex index = index(0);
    RetiredCopy copy = copyOf(index);
    indexes.retire(copy, index);

    indexes.closeRetired(0);
    indexes.closeRetired(0);
    copy.close();
    indexes.closeAllRetired();

    assertThat(storeCloses).hasValue(1);
  }

  @Test
  void shouldKeepNoCopyWhileTheHeapIsTight() {
    LocalIndexes indexes = keeping(LONG);
    AtomicBoolean room = new AtomicBoolean(false);
    indexes.keepRetiredWhile(room::get);
    PartitionIndex index = index(0);

    assertThat(retired(indexes, index)).isFalse();
    assertThat(indexes.retiredPartition(0)).isEmpty();
    assertThat(indexes.standbyPartition(0)).containsSame(index);

    room.set(true);
    assertThat(indexes.retire(copyOf(index), index)).isTrue();
  }

  @Test
  void shouldCloseEveryRetiredCopyWhenTheHeapTurnsTightButKeepTheStartUpCopies() {
    LocalIndexes indexes = keeping(LONG);
    PartitionIndex first = index(0);
    PartitionIndex second = index(1);
    retired(indexes, first);
    retired(indexes, second);
    PartitionIndex fromSnapshot = index(2);
    assertThat(
            indexes.offerStartUpCopy(
                RetiredCopy.atStartUp(fromSnapshot, "app-leads-changelog", 7, () -> {})))
        .isTrue();
    assertThat(indexes.copiesKept()).isEqualTo(3);

    indexes.dropRetiredCopies("the heap held 900 MiB of at most 1024 MiB");

    await().atMost(DEADLINE).until(() -> indexes.retiredPartition(0).isEmpty() && indexes.retiredPartition(1).isEmpty());
    assertThat(storeCloses).hasValue(2);
    assertThatThrownBy(() -> first.lead("lead_0")).isInstanceOf(PartitionClosedException.class);
    assertThatThrownBy(() -> second.lead("lead_1")).isInstanceOf(PartitionClosedException.class);
    assertThat(indexes.retiredPartition(2).orElseThrow().index()).isSameAs(fromSnapshot);
    assertThat(fromSnapshot.lead("lead_2")).isNotNull();
    assertThat(indexes.copiesKept()).isEqualTo(1);
  }

  private static LocalIndexes keeping(Duration bound) {
    return new LocalIndexes(new AppliedOffsets(), bound);
  }

  private PartitionIndex index(int partition) {
    PartitionIndex index = new PartitionIndex(partition, store::get);
    Lead lead = TestLeads.aLead("lead_" + partition).build();
    index.change(() -> store.put(lead.id(), lead), null, lead);
    return index;
  }

  /** Registers {@code index} as a standby task's, then retires a copy of it in its place. */
  private boolean retired(LocalIndexes indexes, PartitionIndex index) {
    indexes.register(index, IndexRole.STANDBY);
    return indexes.retire(copyOf(index), index);
  }

  private RetiredCopy copyOf(PartitionIndex index) {
    return copyOf(index, 41);
  }

  private RetiredCopy copyOf(PartitionIndex index, long changelogOffset) {
    return new RetiredCopy(
        index,
        "app-leads-changelog",
        index.partition(),
        changelogOffset,
        storeCloses::incrementAndGet,
        System.nanoTime());
  }

  private static void block(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
