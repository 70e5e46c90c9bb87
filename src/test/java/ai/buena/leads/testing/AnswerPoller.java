package ai.buena.leads.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Calls one URL again and again on a thread of its own, a fixed delay apart, and keeps every answer
 * with when it was asked and received. Bounded: it stops by itself after {@code maxRun}, or when
 * closed.
 */
public final class AnswerPoller implements AutoCloseable {
  /** One call: {@code answer} is null when the call failed without an HTTP answer. */
  public record Observation(
      long sentNanos, long receivedNanos, HttpCalls.Answer answer, String failure) {}

  private final List<Observation> observations = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread;

  private AnswerPoller(String url, Map<String, String> headers, Duration delay, Duration maxRun) {
    thread =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "answer-poller");
              t.setDaemon(true);
              return t;
            });
    thread.scheduleWithFixedDelay(
        () -> observations.add(call(url, headers)), 0, delay.toMillis(), TimeUnit.MILLISECONDS);
    thread.schedule(thread::shutdown, maxRun.toMillis(), TimeUnit.MILLISECONDS);
  }

  public static AnswerPoller start(
      String url, Map<String, String> headers, Duration delay, Duration maxRun) {
    return new AnswerPoller(url, headers, delay, maxRun);
  }

  /** Every observation so far, oldest first. */
  public List<Observation> observations() {
    return List.copyOf(observations);
  }

  public boolean isRunning() {
    return !thread.isShutdown();
  }

  @Override
  public void close() throws InterruptedException {
    thread.shutdownNow();
    thread.awaitTermination(HttpCalls.TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
  }

  private static Observation call(String url, Map<String, String> headers) {
    long sent = System.nanoTime();
    try {
      HttpCalls.Answer answer = HttpCalls.get(url, headers);
      return new Observation(sent, System.nanoTime(), answer, null);
    } catch (RuntimeException e) {
      return new Observation(sent, System.nanoTime(), null, e.toString());
    }
  }
}
