package ai.buena.leads.projection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts of what the projection did with the events it read, shared by all stream threads. */
public final class ProjectionMetrics {
  private final LongAdder applied = new LongAdder();
  private final LongAdder deduplicated = new LongAdder();
  private final Map<String, LongAdder> deadLettered = new ConcurrentHashMap<>();
  private volatile java.util.function.LongConsumer freshnessMillis = millis -> {};

  /** Receives, for every applied event, the milliseconds from its arrival in Kafka to now. */
  public void onFreshness(java.util.function.LongConsumer sink) {
    this.freshnessMillis = sink;
  }

  void freshness(long millis) {
    freshnessMillis.accept(millis);
  }

  void applied() {
    applied.increment();
  }

  void deduplicated() {
    deduplicated.increment();
  }

  void deadLettered(String code) {
    deadLettered.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  public long appliedCount() {
    return applied.sum();
  }

  public long deduplicatedCount() {
    return deduplicated.sum();
  }

  public long deadLetteredCount() {
    return deadLettered.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Dead-lettered events per {@code error.code}. */
  public Map<String, Long> deadLetteredByCode() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    deadLettered.forEach((code, count) -> counts.put(code, count.sum()));
    return counts;
  }
}
