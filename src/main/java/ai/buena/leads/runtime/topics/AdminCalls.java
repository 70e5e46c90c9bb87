package ai.buena.leads.runtime.topics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Waits for Kafka admin results with a deadline and turns failures into one clear exception. */
final class AdminCalls {
  private static final Duration METADATA_RETRY_BACKOFF = Duration.ofMillis(100);

  private final Duration timeout;

  AdminCalls(Duration timeout) {
    this.timeout = timeout;
  }

  <T> T await(KafkaFuture<T> future, String action) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new TopicProvisioningException(
          "Kafka failed while " + action + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new TopicProvisioningException(
          "Kafka did not answer within " + timeout.toSeconds() + " s while " + action, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicProvisioningException("Interrupted while " + action, e);
    }
  }

  /** Like {@link #await}, but repeats the request while the broker does not know a topic yet. */
  <T> T awaitVisible(Supplier<KafkaFuture<T>> request, String action) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return await(request.get(), action);
      } catch (TopicProvisioningException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        pause(action);
      }
    }
  }

  /**
   * Repeats {@code request} (as {@link #awaitVisible}) until {@code stillMissing} finds nothing
   * missing in its answer; past the timeout, fails naming what was still missing.
   */
  <T> T awaitUntil(
      Supplier<KafkaFuture<T>> request, Function<T, List<String>> stillMissing, String action) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T answer = awaitVisible(request, action);
      List<String> missing = stillMissing.apply(answer);
      if (missing.isEmpty()) {
        return answer;
      }
      if (System.nanoTime() > deadline) {
        throw new TopicProvisioningException(
            "Kafka did not finish within " + timeout.toSeconds() + " s while " + action
                + "; still without: " + missing,
            null);
      }
      pause(action);
    }
  }

  private static void pause(String action) {
    try {
      Thread.sleep(METADATA_RETRY_BACKOFF.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicProvisioningException("Interrupted while " + action, e);
    }
  }
}
