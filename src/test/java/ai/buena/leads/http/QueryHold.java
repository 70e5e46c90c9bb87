package ai.buena.leads.http;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Queries parked inside the query service until the test releases them (at most 30 s). */
final class QueryHold {
  private static final Duration MAX_HOLD = Duration.ofSeconds(30);

  private final Semaphore entered = new Semaphore(0);
  private final CountDownLatch released = new CountDownLatch(1);

  void enterAndWait() {
    entered.release();
    try {
      if (!released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("query held longer than " + MAX_HOLD);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code queries} queries have started waiting within the deadline. */
  boolean awaitEntered(int queries, Duration deadline) throws InterruptedException {
    return entered.tryAcquire(queries, deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  void release() {
    released.countDown();
  }
}
