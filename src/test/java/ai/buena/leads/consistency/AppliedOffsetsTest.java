package ai.buena.leads.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.testing.Seeded;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AppliedOffsetsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private final ExecutorService readers = Executors.newCachedThreadPool();

  @AfterEach
  void stopReaders() {
    readers.shutdownNow();
  }

  @Test
  void shouldReturnAtOnceWhenTheOffsetIsAlreadyProcessed() throws InterruptedException {
    AppliedOffsets offsets = new AppliedOffsets(1, Duration.ofSeconds(5));
    offsets.advance(2, 10);

    long started = System.nanoTime();
    AppliedOffsets.Wait outcome = offsets.await(2, 7);

    assertThat(outcome).isEqualTo(AppliedOffsets.Wait.APPLIED);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void shouldWaitUntilTheOffsetIsProcessedThenReturn() {
    AppliedOffsets offsets = new AppliedOffsets(4, AppliedOffsets.MAX_WAIT);
    CompletableFuture<AppliedOffsets.Wait> waiting = waitFor(offsets, 0, 5);
    await().atMost(DEADLINE).until(() -> offsets.waiting() == 1);

    offsets.advance(0, 4);
    offsets.advance(1, 9);

    assertThat(waiting).isNotDone();
    offsets.advance(0, 5);
    assertThat(waiting).succeedsWithin(DEADLINE).isEqualTo(AppliedOffsets.Wait.APPLIED);
  }

  @Test
  void shouldTimeOutWhenTheOffsetIsNotProcessedWithinTheBound() throws InterruptedException {
    AppliedOffsets offsets = new AppliedOffsets(1, Duration.ofMillis(200));
    offsets.advance(0, 3);

    long started = System.nanoTime();
    AppliedOffsets.Wait outcome = offsets.await(0, 4);

    assertThat(outcome).isEqualTo(AppliedOffsets.Wait.TIMED_OUT);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void shouldTurnAwayAReadBeyondTheWaitingBoundAtOnce() throws InterruptedException {
    AppliedOffsets offsets = new AppliedOffsets(1, AppliedOffsets.MAX_WAIT);
    CompletableFuture<AppliedOffsets.Wait> first = waitFor(offsets, 0, 1);
    await().atMost(DEADLINE).until(() -> offsets.waiting() == 1);

    long started = System.nanoTime();
    AppliedOffsets.Wait second = offsets.await(1, 1);

    assertThat(second).isEqualTo(AppliedOffsets.Wait.TOO_MANY_WAITING);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    offsets.advance(0, 1);
    assertThat(first).succeedsWithin(DEADLINE).isEqualTo(AppliedOffsets.Wait.APPLIED);
  }

  @Test
  void shouldLetAWriteWaitForItsEventWhileReadsHoldEveryWaitingPermit() {
    AppliedOffsets offsets = new AppliedOffsets(1, AppliedOffsets.MAX_WAIT);
    CompletableFuture<AppliedOffsets.Wait> read = waitFor(offsets, 0, 1);
    await().atMost(DEADLINE).until(() -> offsets.waiting() == 1);

    CompletableFuture<AppliedOffsets.Wait> write =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return offsets.awaitForWrite(1, 1);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            },
            readers);
    await().atMost(DEADLINE).until(() -> offsets.waiting() == 2);
    offsets.advance(1, 1);

    assertThat(write).succeedsWithin(DEADLINE).isEqualTo(AppliedOffsets.Wait.APPLIED);
    offsets.advance(0, 1);
    assertThat(read).succeedsWithin(DEADLINE).isEqualTo(AppliedOffsets.Wait.APPLIED);
  }

  @Test
  void shouldCountWhatARestoredTaskStartsWith() throws InterruptedException {
    AppliedOffsets offsets = new AppliedOffsets(1, Duration.ofMillis(100));

    offsets.start(3, 41);

    assertThat(offsets.await(3, 41)).isEqualTo(AppliedOffsets.Wait.APPLIED);
    assertThat(offsets.await(3, 42)).isEqualTo(AppliedOffsets.Wait.TIMED_OUT);
  }

  @Test
  void shouldForgetAPartitionWhoseTaskClosedHere() throws InterruptedException {
    AppliedOffsets offsets = new AppliedOffsets(1, Duration.ofMillis(100));
    offsets.advance(3, 41);

    offsets.stop(3);

    assertThat(offsets.applied(3)).isEqualTo(AppliedOffsets.NONE);
    assertThat(offsets.await(3, 0)).isEqualTo(AppliedOffsets.Wait.TIMED_OUT);
  }

  @Test
  void shouldNeverLoseTheSignalOfAnOffsetProcessedWhileAReadStartsToWait() {
    Seeded.check(
        200,
        random -> {
          AppliedOffsets offsets = new AppliedOffsets(16, AppliedOffsets.MAX_WAIT);
          int readers = 1 + random.nextInt(8);
          long last = 1 + random.nextInt(50);
          CompletableFuture<?>[] waits = new CompletableFuture<?>[readers];
          for (int i = 0; i < readers; i++) {
            waits[i] = waitFor(offsets, 0, 1 + random.nextInt((int) last));
          }
          for (long offset = 0; offset <= last; offset++) {
            offsets.advance(0, offset);
          }
          long started = System.nanoTime();
          assertThat(CompletableFuture.allOf(waits)).succeedsWithin(Duration.ofSeconds(4));
          for (CompletableFuture<?> wait : waits) {
            assertThat(wait.join()).isEqualTo(AppliedOffsets.Wait.APPLIED);
          }
          assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(4);
        });
  }

  @Test
  void shouldNotWaitForTheEndOfAnApplyWhenNoRecordIsBeingApplied() throws InterruptedException {
    AppliedOffsets offsets = new AppliedOffsets(1, Duration.ofSeconds(5));
    offsets.beginApply(0);
    offsets.endApply(0);

    long started = System.nanoTime();
    boolean ended = offsets.awaitApplyEnded(0);

    assertThat(ended).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void shouldWaitForARecordBeingAppliedToEndThenReturn() {
    AppliedOffsets offsets = new AppliedOffsets(4, AppliedOffsets.MAX_WAIT);
    offsets.beginApply(0);
    CompletableFuture<Boolean> waiting = awaitApplyEnded(offsets, 0);
    await().atMost(DEADLINE).until(() -> offsets.waiting() == 1);

    offsets.beginApply(1);
    offsets.endApply(1);

    assertThat(waiting).isNotDone();
    offsets.endApply(0);
    assertThat(waiting).succeedsWithin(DEADLINE).isEqualTo(true);
  }

  @Test
  void shouldReturnWhenTheRecordItWaitedForEndsAlthoughTheNextOneIsBeingApplied() {
    AppliedOffsets offsets = new AppliedOffsets(4, AppliedOffsets.MAX_WAIT);
    offsets.beginApply(0);
    CompletableFuture<Boolean> waiting = awaitApplyEnded(offsets, 0);
    await().atMost(DEADLINE).until(() -> offsets.waiting() == 1);

    offsets.endApply(0);
    offsets.beginApply(0);

    assertThat(waiting).succeedsWithin(DEADLINE).isEqualTo(true);
  }

  @Test
  void shouldGiveUpOnARecordThatIsNotAppliedWithinTheBound() throws InterruptedException {
    AppliedOffsets offsets = new AppliedOffsets(1, Duration.ofMillis(200));
    offsets.beginApply(0);

    long started = System.nanoTime();
    boolean ended = offsets.awaitApplyEnded(0);

    assertThat(ended).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void shouldNotWaitForARecordWhoseApplyFailedOnceItsTaskStartedAgain() throws InterruptedException {
    AppliedOffsets offsets = new AppliedOffsets(1, Duration.ofSeconds(5));
    offsets.beginApply(0);

    offsets.start(0, 41);

    long started = System.nanoTime();
    assertThat(offsets.awaitApplyEnded(0)).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void shouldWaitForARecordBegunAfterOneWhoseApplyFailed() {
    AppliedOffsets offsets = new AppliedOffsets(4, AppliedOffsets.MAX_WAIT);
    offsets.beginApply(0);
    offsets.beginApply(0);
    CompletableFuture<Boolean> waiting = awaitApplyEnded(offsets, 0);
    await().atMost(DEADLINE).until(() -> offsets.waiting() == 1);

    offsets.endApply(0);

    assertThat(waiting).succeedsWithin(DEADLINE).isEqualTo(true);
  }

  private CompletableFuture<Boolean> awaitApplyEnded(AppliedOffsets offsets, int partition) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return offsets.awaitApplyEnded(partition);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        },
        readers);
  }

  private CompletableFuture<AppliedOffsets.Wait> waitFor(AppliedOffsets offsets, int partition, long offset) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return offsets.await(partition, offset);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        },
        readers);
  }
}
