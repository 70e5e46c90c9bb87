package ai.buena.leads.query;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The part of a cluster answer this instance computes from its own copies, run on the request's
 * thread once every peer has been asked (their calls are asynchronous), so the two overlap without
 * a thread of its own. {@code CompletableFuture.supplyAsync} without an executor would start a new
 * thread for every call on a machine with two cores or fewer (the common pool has parallelism 1
 * there).
 */
final class OwnShare {
  private final List<Runnable> work = new ArrayList<>();

  /** A future that {@link #run()} completes with {@code supplier}'s value or its exception. */
  <T> CompletableFuture<T> later(Supplier<T> supplier) {
    CompletableFuture<T> future = new CompletableFuture<>();
    work.add(
        () -> {
          try {
            future.complete(supplier.get());
          } catch (RuntimeException e) {
            future.completeExceptionally(e);
          }
        });
    return future;
  }

  /** Runs the work handed to {@link #later} so far, in order, on this thread. */
  void run() {
    List<Runnable> now = List.copyOf(work);
    work.clear();
    now.forEach(Runnable::run);
  }
}
