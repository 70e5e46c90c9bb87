package ai.buena.leads.runtime;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns SIGTERM/SIGINT into an orderly close: {@link #await()} returns on the signal, and the JVM
 * stays up until {@link #close()} says everything opened after this gate has been closed. Open it
 * first in a try-with-resources so it closes last.
 */
final class Shutdown implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);

  private final CountDownLatch signalled = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread hook;

  Shutdown() {
    hook =
        new Thread(
            () -> {
              LOG.info("shutdown requested");
              signalled.countDown();
              try {
                closed.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Whether SIGTERM/SIGINT came (a start still under way gives up rather than finishing). */
  boolean requested() {
    return signalled.getCount() == 0;
  }

  void await() throws InterruptedException {
    signalled.await();
  }

  /** Waits for SIGTERM/SIGINT at most {@code timeout}; whether it came. */
  boolean await(Duration timeout) throws InterruptedException {
    return signalled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    closed.countDown();
    if (signalled.getCount() > 0) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // the hook is running or about to; the latch above lets it finish
      }
    }
  }
}
