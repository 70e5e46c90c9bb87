package ai.buena.leads.runtime;

import ai.buena.leads.threads.DaemonThreads;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether the group coordinator still answers this instance's heartbeats, read from its stream
 * threads' consumers: each counts the heartbeat responses it received ({@code heartbeat-total} of
 * {@code consumer-coordinator-metrics}), sampled every second on a thread of its own. A count that
 * grew between two samples proves an answer after the earlier sample. The count includes error
 * answers: a member the group dropped gets one (say, UNKNOWN_MEMBER_ID), after which its consumer
 * stops heartbeating and rejoins, and Kafka Streams leaves RUNNING once its thread polls again.
 */
final class GroupHeartbeats implements AutoCloseable {
  static final String GROUP = "consumer-coordinator-metrics";
  static final String COUNT = "heartbeat-total";

  private final Supplier<Map<MetricName, ? extends Metric>> metrics;
  private final Map<String, Sample> samples = new HashMap<>();

  /** What one consumer counted when last sampled, and since when an answer is known to exist. */
  private record Sample(double count, long sampledAtMillis, long answeredAfterMillis) {}

  private ScheduledExecutorService sampler;
  private OptionalLong latest = OptionalLong.empty();

  GroupHeartbeats(Supplier<Map<MetricName, ? extends Metric>> metrics) {
    this.metrics = metrics;
  }

  /** Samples every second from now on, until closed. */
  synchronized GroupHeartbeats start() {
    sampler =
        DaemonThreads.scheduler("group-heartbeats");
    sampler.scheduleWithFixedDelay(
        () -> allAnsweredAfter(System.currentTimeMillis()), 0, 1, TimeUnit.SECONDS);
    return this;
  }

  /** What the latest sample found: see {@link #allAnsweredAfter}. */
  synchronized OptionalLong latest() {
    return latest;
  }

  @Override
  public synchronized void close() {
    if (sampler != null) {
      sampler.shutdownNow();
    }
  }

  /**
   * Samples every consumer's count; returns the time after which every consumer is known to have
   * had an answer (the earliest of theirs), empty when some consumer has none known yet or none
   * counts heartbeats.
   */
  synchronized OptionalLong allAnsweredAfter(long nowMillis) {
    Map<String, Double> counts = new HashMap<>();
    metrics.get().forEach(
        (name, metric) -> {
          if (GROUP.equals(name.group()) && COUNT.equals(name.name())
              && metric.metricValue() instanceof Double count) {
            counts.put(name.tags().getOrDefault("client-id", ""), count);
          }
        });
    samples.keySet().retainAll(counts.keySet());
    long earliest = Long.MAX_VALUE;
    for (Map.Entry<String, Double> consumer : counts.entrySet()) {
      Sample before = samples.get(consumer.getKey());
      long answeredAfter = Long.MIN_VALUE;
      if (before != null) {
        answeredAfter =
            consumer.getValue() > before.count() ? before.sampledAtMillis() : before.answeredAfterMillis();
      }
      samples.put(consumer.getKey(), new Sample(consumer.getValue(), nowMillis, answeredAfter));
      earliest = Math.min(earliest, answeredAfter);
    }
    latest =
        counts.isEmpty() || earliest == Long.MIN_VALUE
            ? OptionalLong.empty()
            : OptionalLong.of(earliest);
    return latest;
  }
}
