package ai.buena.leads.projection;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts of what the projection did with the events it read, shared by all stream threads. */
public final class ProjectionMetrics {
  private final LongAdder applied = new LongAdder();
  private final LongAdder deduplicated = new LongAdder();
  private final LongAdder reusedIdempotencyKeys = new LongAdder();
  private final LongAdder dedupeStoreLookups = new LongAdder();
  private final LongAdder dedupeFilterAnswers = new LongAdder();
  private final LongAdder moved = new LongAdder();
  private final Map<String, LongAdder> deadLettered = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> skipped = new ConcurrentHashMap<>();
  private final LongAdder failedAttempts = new LongAdder();
  private final LongAdder streamThreadFailures = new LongAdder();
  private final LongAdder indexSnapshotLoads = new LongAdder();
  private final LongAdder indexBuilds = new LongAdder();
  private final LongAdder indexSnapshotsWritten = new LongAdder();
  private volatile java.util.function.LongConsumer freshnessMillis = millis -> {};
  private final LeadJsonCaches jsonCaches = LeadJsonCaches.configured();
  private final SeenEventFilterMemory seenEventFilters;

  public ProjectionMetrics() {
    this(SeenEventFilterMemory.configured());
  }

  /** With the filters of seen event ids limited to {@code seenEventFilters}. */
  ProjectionMetrics(SeenEventFilterMemory seenEventFilters) {
    this.seenEventFilters = seenEventFilters;
  }

  /** The caches of stored lead JSON of this instance's leads stores: their limit, use and hits. */
  public LeadJsonCaches jsonCaches() {
    return jsonCaches;
  }

  /** The heap this instance's filters of seen event ids share: their limit and use. */
  public SeenEventFilterMemory seenEventFilters() {
    return seenEventFilters;
  }

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

  /** A de-duplication lookup: read from the event-ids store, or answered by the filter. */
  void dedupeLookup(boolean readFromStore) {
    (readFromStore ? dedupeStoreLookups : dedupeFilterAnswers).increment();
  }

  /** A dropped duplicate whose API request differed from the applied one's (a reused key). */
  void reusedIdempotencyKey() {
    reusedIdempotencyKeys.increment();
  }

  /** An event that arrived on another partition than its lead's, moved there (input any). */
  void moved() {
    moved.increment();
  }

  void deadLettered(String code) {
    deadLettered.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  void skipped(String code) {
    skipped.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  void failedAttempt() {
    failedAttempts.increment();
  }

  /** A stream thread died of an exception (and was replaced). */
  public void streamThreadFailed() {
    streamThreadFailures.increment();
  }

  void indexSnapshotLoaded() {
    indexSnapshotLoads.increment();
  }

  void indexBuilt() {
    indexBuilds.increment();
  }

  void indexSnapshotWritten() {
    indexSnapshotsWritten.increment();
  }

  /** Partition indexes loaded from a snapshot when their store opened. */
  public long indexSnapshotLoadCount() {
    return indexSnapshotLoads.sum();
  }

  /** Partition indexes built by reading their whole store (no snapshot that matched it). */
  public long indexBuildCount() {
    return indexBuilds.sum();
  }

  /** Index snapshots written when a store closed. */
  public long indexSnapshotWrittenCount() {
    return indexSnapshotsWritten.sum();
  }

  public long appliedCount() {
    return applied.sum();
  }

  public long deduplicatedCount() {
    return deduplicated.sum();
  }

  /** Of the de-duplicated events, those written by another request than the applied one. */
  public long reusedIdempotencyKeyCount() {
    return reusedIdempotencyKeys.sum();
  }

  /** De-duplication lookups that read the event-ids store (the filter could not rule them out). */
  public long dedupeStoreLookupCount() {
    return dedupeStoreLookups.sum();
  }

  /** De-duplication lookups the filter of seen event ids answered without reading the store. */
  public long dedupeFilterAnswerCount() {
    return dedupeFilterAnswers.sum();
  }

  /** Events moved to their lead's partition through the by-lead topic (input partitioning any). */
  public long movedCount() {
    return moved.sum();
  }

  public long deadLetteredCount() {
    return deadLettered.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Events skipped without a dead letter (even their dead letter failed), per last error code. */
  public Map<String, Long> skippedByCode() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    skipped.forEach((code, count) -> counts.put(code, count.sum()));
    return counts;
  }

  public long skippedCount() {
    return skipped.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /**
   * Attempts that failed because an output could not be written or processing threw: each makes
   * the task re-process from its last commit.
   */
  public long failedAttemptCount() {
    return failedAttempts.sum();
  }

  public long streamThreadFailureCount() {
    return streamThreadFailures.sum();
  }

  /** Dead-lettered events per {@code error.code}. */
  public Map<String, Long> deadLetteredByCode() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    deadLettered.forEach((code, count) -> counts.put(code, count.sum()));
    return counts;
  }
}
