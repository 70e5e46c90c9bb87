package ai.buena.leads.runtime;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Starts something on a thread of its own while the caller's thread does other start-up work, so
 * that two steps of a start that do not depend on each other overlap.
 */
final class StartedBeside {
  private StartedBeside() {}

  /**
   * Runs {@code starting} on a new thread named {@code threadName} while {@code work} runs on this
   * one; returns what {@code starting} made once both are done. When either fails, what {@code
   * starting} made (if it did) is closed and that failure is thrown, {@code work}'s first.
   */
  static <T extends AutoCloseable> T start(String threadName, Supplier<T> starting, Runnable work) {
    CompletableFuture<T> started = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                started.complete(starting.get());
              } catch (Throwable e) {
                started.completeExceptionally(e);
              }
            },
            threadName);
    thread.setDaemon(true);
    thread.start();
    try {
      work.run();
    } catch (RuntimeException | Error e) {
      started.thenAccept(StartedBeside::closeQuietly).exceptionally(ignored -> null).join();
      throw e;
    }
    try {
      return started.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // the failure of the work is the one to report
    }
  }
}
