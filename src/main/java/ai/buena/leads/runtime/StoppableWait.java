package ai.buena.leads.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.KafkaFuture;

/**
 * Waits for a Kafka client's answer during start-up while watching for a stop request, so that a
 * SIGTERM while Kafka does not answer ends the start within {@link #STOP_CHECK}, not after the
 * whole timeout.
 */
final class StoppableWait {
  /** How soon a requested stop ends the wait. */
  static final Duration STOP_CHECK = Duration.ofMillis(100);

  private StoppableWait() {}

  /**
   * The future's value; empty when {@code deadlineNanos} (of {@link System#nanoTime}) passed first.
   *
   * @throws CommandFailure (exit 1, {@code stoppedMessage}) once a stop is requested
   * @throws ExecutionException when the future failed
   */
  static <T> Optional<T> get(
      KafkaFuture<T> future,
      long deadlineNanos,
      BooleanSupplier stopRequested,
      String stoppedMessage)
      throws ExecutionException, InterruptedException {
    while (true) {
      if (stopRequested.getAsBoolean()) {
        throw new CommandFailure(1, stoppedMessage);
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      try {
        return Optional.of(future.get(Math.min(left, STOP_CHECK.toNanos()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException notYet) {
        // look at the stop request again
      }
    }
  }

  /**
   * Waits {@code pause}, or less when a stop is requested.
   *
   * @throws CommandFailure (exit 1, {@code stoppedMessage}) once a stop is requested
   */
  static void pause(Duration pause, BooleanSupplier stopRequested, String stoppedMessage) {
    long until = System.nanoTime() + pause.toNanos();
    try {
      while (System.nanoTime() - until < 0) {
        if (stopRequested.getAsBoolean()) {
          throw new CommandFailure(1, stoppedMessage);
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(until - System.nanoTime(), STOP_CHECK.toNanos()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure(1, stoppedMessage);
    }
  }
}
