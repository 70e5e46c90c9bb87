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
    CompletableFuture<T> started = onOwnThread(threadName, starting);
    try {
      work.run();
    } catch (RuntimeException | Error e) {
      started.thenAccept(StartedBeside::closeQuietly).exceptionally(ignored -> null).join();
      throw e;
    }
    return joined(started);
  }

  /** Runs {@code work} on a new daemon thread named {@code threadName}; {@link #joined} awaits it. */
  static CompletableFuture<Void> onOwnThread(String threadName, Runnable work) {
    return onOwnThread(
        threadName,
        () -> {
          work.run();
          return null;
        });
  }

  private static <T> CompletableFuture<T> onOwnThread(String threadName, Supplier<T> making) {
    CompletableFuture<T> made = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                made.complete(making.get());
              } catch (Throwable e) {
                made.completeExceptionally(e);
              }
            },
            threadName);
    thread.setDaemon(true);
    thread.start();
    return made;
  }

  /** What {@code future} made, once it is done; its failure thrown as it was thrown. */
  static <T> T joined(CompletableFuture<T> future) {
    try {
      return future.join();
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
