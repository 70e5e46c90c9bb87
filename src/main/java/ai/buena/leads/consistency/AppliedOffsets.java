package ai.buena.leads.consistency;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Per partition of {@code lead-events} held by this instance, the highest input offset the
 * projection has processed, whatever the outcome (applied, de-duplicated, dead-lettered), once the
 * stores and the index show it; and reads that wait for an offset.
 *
 * <p>A waiter sleeps on its partition's condition until the processor advances the partition past
 * its offset or its bound passes: no polling. Waiting holds the caller's thread, so at most {@code
 * maxWaiting} callers wait at once; one more is told {@link Wait#TOO_MANY_WAITING} at once instead
 * of taking another thread (and the HTTP in-flight permit it holds) for up to the bound.
 */
public final class AppliedOffsets {
  /** Nothing processed (or nothing known) on a partition yet. */
  public static final long NONE = -1;
  /** The longest a read waits for its token's event (write-api.md: at most 5 s). */
  public static final Duration MAX_WAIT = Duration.ofSeconds(5);
  /** Half of the default HTTP in-flight bound ({@code max(8, 4 × cores)}): reads without a token keep the other half. */
  public static final int DEFAULT_MAX_WAITING =
      Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  /** Half of the HTTP requests allowed in flight ({@code --max-in-flight}), at least 1. */
  public static int maxWaitingFor(int maxInFlight) {
    return Math.max(1, maxInFlight / 2);
  }

  /** How a wait ended. */
  public enum Wait {
    APPLIED,
    TIMED_OUT,
    TOO_MANY_WAITING
  }

  private final Map<Integer, Progress> partitions = new ConcurrentHashMap<>();
  private final Semaphore waitingPermits;
  private final int maxWaiting;
  private final Duration bound;

  public AppliedOffsets() {
    this(DEFAULT_MAX_WAITING, MAX_WAIT);
  }

  /** @param bound how long one read waits at most, at most {@link #MAX_WAIT} */
  public AppliedOffsets(int maxWaiting, Duration bound) {
    if (maxWaiting < 1) {
      throw new IllegalArgumentException("maxWaiting must be at least 1: " + maxWaiting);
    }
    if (bound.isNegative() || bound.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException("bound must be within 0 and " + MAX_WAIT + ": " + bound);
    }
    this.waitingPermits = new Semaphore(maxWaiting);
    this.maxWaiting = maxWaiting;
    this.bound = bound;
  }

  /** How many reads may wait at once. */
  public int maxWaiting() {
    return maxWaiting;
  }

  /** How long one read waits at most. */
  public Duration bound() {
    return bound;
  }

  /**
   * The partition's task starts here with its stores restored up to {@code restored} (the highest
   * offset they reflect, {@link #NONE} if unknown): from now on that is what counts.
   */
  public void start(int partition, long restored) {
    progress(partition).set(restored);
  }

  /** The partition's task closed here: nothing it processed counts any more. */
  public void stop(int partition) {
    progress(partition).set(NONE);
  }

  /** The projection processed {@code offset} of {@code partition}; stores and index show it. */
  public void advance(int partition, long offset) {
    progress(partition).advance(offset);
  }

  /** The longest a read waits for the record being applied to end: one takes milliseconds. */
  public static final Duration MAX_APPLY_WAIT = Duration.ofSeconds(1);

  /**
   * The processor starts applying one record of {@code partition}: until {@link #endApply}, its
   * stores may show part of the record's effect (a lead deleted, its event id not yet recorded).
   * A record whose apply failed is never ended: its stores stay half applied until the task
   * starts again ({@link #start}).
   */
  public void beginApply(int partition) {
    progress(partition).beginApply();
  }

  /** The record {@link #beginApply} began is applied (or failed): its whole effect is visible. */
  public void endApply(int partition) {
    progress(partition).endApply();
  }

  /**
   * Returns {@code true} once no record of {@code partition} is half applied: at once when none
   * is being applied, else when the one being applied now ends (at most {@link #MAX_APPLY_WAIT}
   * or {@link #bound()}, the shorter; then {@code false}). A read of several stores that starts after this sees every record either
   * wholly or, if applied since, at least as far as the reads before it saw.
   */
  public boolean awaitApplyEnded(int partition) throws InterruptedException {
    return progress(partition).awaitApplyEnded(Math.min(bound.toNanos(), MAX_APPLY_WAIT.toNanos()));
  }

  /** How many reads wait right now (all partitions). */
  public int waiting() {
    int total = 0;
    for (Progress progress : partitions.values()) {
      total += progress.waiting.get();
    }
    return total;
  }

  /** The highest offset of {@code partition} processed here, or {@link #NONE}. */
  public long applied(int partition) {
    Progress progress = partitions.get(partition);
    return progress == null ? NONE : progress.applied;
  }

  /**
   * Returns once {@code offset} of {@code partition} is processed here, or after {@link #bound()},
   * whichever comes first.
   */
  public Wait await(int partition, long offset) throws InterruptedException {
    Progress progress = progress(partition);
    if (progress.applied >= offset) {
      return Wait.APPLIED;
    }
    if (!waitingPermits.tryAcquire()) {
      return Wait.TOO_MANY_WAITING;
    }
    try {
      return progress.await(offset, bound.toNanos()) ? Wait.APPLIED : Wait.TIMED_OUT;
    } finally {
      waitingPermits.release();
    }
  }

  /**
   * {@link #await}, for a write that waits for the projection to process its own event (or the
   * event its token names) before it answers: not counted against {@code maxWaiting}. Such waits
   * are bounded by the writes in flight, each of which holds its instance's HTTP in-flight permit;
   * refusing one would answer 503 for an event already in the log.
   */
  public Wait awaitForWrite(int partition, long offset) throws InterruptedException {
    Progress progress = progress(partition);
    if (progress.applied >= offset) {
      return Wait.APPLIED;
    }
    return progress.await(offset, bound.toNanos()) ? Wait.APPLIED : Wait.TIMED_OUT;
  }

  private Progress progress(int partition) {
    return partitions.computeIfAbsent(partition, p -> new Progress());
  }

  /**
   * One partition: written by the one stream thread that runs its task, read by any. The waiter
   * counts itself before it checks under the lock, and the writer publishes before it reads the
   * count, so a signal is never lost and the writer takes the lock only when someone waits.
   */
  private static final class Progress {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile long applied = NONE;
    /** Odd while a record is being applied; written only by the stream thread running the task. */
    private volatile long applying;

    void beginApply() {
      long last = applying;
      // odd, and another value than a failed apply left (a waiter on that one goes on)
      applying = (last & 1) == 0 ? last + 1 : last + 2;
    }

    void endApply() {
      applying = applying + 1;
      signalWaiters();
    }

    /** A task (re)starts or stops: whatever a failed apply left, nothing is being applied. */
    void noApply() {
      if ((applying & 1) == 1) {
        endApply();
      }
    }

    boolean awaitApplyEnded(long boundNanos) throws InterruptedException {
      long seen = applying;
      return (seen & 1) == 0 || awaitUntil(() -> applying != seen, boundNanos);
    }

    void advance(long offset) {
      if (offset > applied) {
        applied = offset;
        signalWaiters();
      }
    }

    void set(long offset) {
      applied = offset;
      noApply();
      signalWaiters();
    }

    private void signalWaiters() {
      if (waiting.get() > 0) {
        lock.lock();
        try {
          advanced.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }

    boolean await(long offset, long boundNanos) throws InterruptedException {
      return awaitUntil(() -> applied >= offset, boundNanos);
    }

    /** Sleeps until {@code reached} holds, signalled by the writer, at most {@code boundNanos}. */
    private boolean awaitUntil(BooleanSupplier reached, long boundNanos) throws InterruptedException {
      waiting.incrementAndGet();
      lock.lock();
      try {
        long remaining = boundNanos;
        while (!reached.getAsBoolean()) {
          if (remaining <= 0) {
            return false;
          }
          remaining = advanced.awaitNanos(remaining);
        }
        return true;
      } finally {
        lock.unlock();
        waiting.decrementAndGet();
      }
    }
  }

  /** For a log line or a test: the applied offset of every partition known here. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("AppliedOffsets{");
    partitions.forEach((p, progress) -> text.append(p).append('=').append(progress.applied).append(' '));
    return text.append('}').toString();
  }
}
