package ai.buena.leads.runtime;

import ai.buena.leads.threads.DaemonThreads;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;

/**
 * The local stores' lags ({@link KafkaStreams#allLocalStorePartitionLags()}), measured on a thread
 * of its own, one measurement at a time. Kafka Streams asks the broker for the changelogs' end
 * offsets and waits for them without a bound of its own (up to the admin client's 60 s): a reader
 * (a query on a request thread, a readiness probe) waits at most {@link #WAIT} for a measurement,
 * and gets none rather than one older than {@link #USABLE_FOR}.
 */
final class LagMeter implements AutoCloseable {
  /**
   * The longest a reader waits for a measurement under way, counted from its start: long enough
   * for the broker's answer during a rebalance on a loaded machine (a copy whose lag is unknown
   * cannot answer), a third of the cluster's 3 s deadline.
   */
  static final Duration WAIT = Duration.ofSeconds(1);
  /** A measurement older than this is not used. */
  static final Duration USABLE_FOR = Duration.ofSeconds(5);

  /** The lags by store name and partition, and when the measurement ended. */
  record Measured(long atNanos, Map<String, Map<Integer, LagInfo>> lags) {}

  private final Supplier<Map<String, Map<Integer, LagInfo>>> measure;
  private final LongSupplier nanoTime;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          DaemonThreads.named("store-lags"));
  private static final long NEVER = Long.MIN_VALUE;

  private Measured last;
  private long failedAtNanos = NEVER;
  private CompletableFuture<Measured> underWay;
  private long underWayFromNanos;

  LagMeter(KafkaStreams streams) {
    this(streams::allLocalStorePartitionLags, System::nanoTime);
  }

  LagMeter(Supplier<Map<String, Map<Integer, LagInfo>>> measure, LongSupplier nanoTime) {
    this.measure = measure;
    this.nanoTime = nanoTime;
  }

  /**
   * A measurement ended at most {@code maxAge} ago, or, when none is that recent, a new one if it
   * ends within {@link #WAIT} of its start, else the last one if it is younger than {@link
   * #USABLE_FOR}; empty when there is none such (the broker is slow or unreachable, or the
   * measurements fail). After a failure none is tried again for {@code maxAge}. However many readers ask while one
   * measurement is under way, none waits past its start plus {@link #WAIT}.
   */
  Optional<Measured> lags(Duration maxAge) {
    CompletableFuture<Measured> next;
    long waitUntil;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      if (last != null && now - last.atNanos() < maxAge.toNanos()) {
        return Optional.of(last);
      }
      if (failedAtNanos != NEVER && now - failedAtNanos < maxAge.toNanos()) {
        return usableLastHeld(now);
      }
      if (underWay == null) {
        try {
          underWay = CompletableFuture.supplyAsync(this::measureNow, thread);
        } catch (RejectedExecutionException closed) {
          return usableLast();
        }
        underWayFromNanos = now;
      }
      next = underWay;
      waitUntil = underWayFromNanos + WAIT.toNanos();
    }
    try {
      return Optional.of(
          next.get(Math.max(0, waitUntil - nanoTime.getAsLong()), TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return usableLast();
    } catch (ExecutionException | TimeoutException e) {
      return usableLast();
    }
  }

  /** A failed measurement says nothing new: the last one stays (and ages out). */
  private Measured measureNow() {
    Measured measured = null;
    try {
      Map<String, Map<Integer, LagInfo>> lags = Map.copyOf(measure.get());
      measured = new Measured(nanoTime.getAsLong(), lags);
      return measured;
    } finally {
      synchronized (this) {
        if (measured != null) {
          last = measured;
          failedAtNanos = NEVER;
        } else {
          failedAtNanos = nanoTime.getAsLong();
        }
        underWay = null;
      }
    }
  }

  private synchronized Optional<Measured> usableLast() {
    return usableLastHeld(nanoTime.getAsLong());
  }

  /** {@link #usableLast}, the lock held. */
  private Optional<Measured> usableLastHeld(long now) {
    return last != null && now - last.atNanos() < USABLE_FOR.toNanos()
        ? Optional.of(last)
        : Optional.empty();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
