package ai.buena.leads.runtime;

import ai.buena.leads.events.EventError;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.projection.LeadJsonCaches;
import ai.buena.leads.projection.SeenEventFilterMemory;
import ai.buena.leads.projection.ProjectionMetrics;
import ai.buena.leads.threads.DaemonThreads;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.StateTagsKafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The Prometheus registry of one instance and every meter bound to it, in one place. */
final class ServiceMetrics {
  private static final List<String> DEAD_LETTER_CODES =
      List.of(
          EventError.INVALID_JSON,
          EventError.NOT_AN_OBJECT,
          EventError.INVALID_ENVELOPE,
          EventError.UNKNOWN_TYPE,
          EventError.KEY_MISMATCH,
          EventError.WRONG_PARTITION,
          EventError.INVALID_FIELD,
          EventError.TOO_LARGE,
          EventError.LEAD_NOT_FOUND,
          EventError.LEAD_EXISTS,
          EventError.WORKSPACE_MISMATCH,
          EventError.PROCESSING_FAILED,
          EventError.OUTPUT_REJECTED,
          EventError.DESERIALIZATION_FAILED);
  /** The codes an event can carry when even its dead letter could not be written. */
  private static final List<String> SKIP_CODES =
      List.of(EventError.PROCESSING_FAILED, EventError.OUTPUT_REJECTED);
  /**
   * How soon a new Kafka client series (a partition's records-lag after its first fetch, a task's
   * metrics after a rebalance) is on /metrics; Micrometer's default is a minute.
   */
  private static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

  private ServiceMetrics() {}

  static PrometheusMeterRegistry bind(ProjectionService projection) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProjectionMetrics events = projection.metrics();
    FunctionCounter.builder("leads.events.applied", events, ProjectionMetrics::appliedCount)
        .description("Events applied to the projection")
        .register(registry);
    FunctionCounter.builder(
            "leads.events.deduplicated", events, ProjectionMetrics::deduplicatedCount)
        .description("Re-sent events recognised and ignored")
        .register(registry);
    FunctionCounter.builder(
            "leads.events.idempotency.reused", events, ProjectionMetrics::reusedIdempotencyKeyCount)
        .description(
            "Ignored re-sent events whose API request (Idempotency-Key) had another body than the"
                + " applied one's")
        .register(registry);
    String dedupeLookups =
        "De-duplication lookups of applied events' ids: read from the event-ids store, or answered"
            + " in memory by the filter of seen event ids (a task's filter answers once it has read"
            + " its store after the task started)";
    FunctionCounter.builder(
            "leads.events.dedupe.lookups", events, ProjectionMetrics::dedupeStoreLookupCount)
        .tag("answered_by", "store")
        .description(dedupeLookups)
        .register(registry);
    FunctionCounter.builder(
            "leads.events.dedupe.lookups", events, ProjectionMetrics::dedupeFilterAnswerCount)
        .tag("answered_by", "filter")
        .description(dedupeLookups)
        .register(registry);
    SeenEventFilterMemory seenEventFilters = events.seenEventFilters();
    Gauge.builder("leads.dedupe.filter", seenEventFilters, SeenEventFilterMemory::heldBytes)
        .description("Heap the filters of seen event ids of the active tasks take")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("leads.dedupe.filter.limit", seenEventFilters, SeenEventFilterMemory::limitBytes)
        .description(
            "Heap the filters of seen event ids may take together (leads.dedupe.filter.mib, or a"
                + " sixteenth of the maximum heap); a filter that would pass it is dropped")
        .baseUnit("bytes")
        .register(registry);
    FunctionCounter.builder("leads.events.moved", events, ProjectionMetrics::movedCount)
        .description(
            "Events that arrived on another partition than their lead's and were moved there"
                + " (input partitioning any); counted when routed, so a task that fails and"
                + " processes again counts its moves again")
        .register(registry);
    for (String code : DEAD_LETTER_CODES) {
      FunctionCounter.builder(
              "leads.events.dead.lettered",
              events,
              metrics -> metrics.deadLetteredByCode().getOrDefault(code, 0L))
          .tag("code", code)
          .description("Events sent to lead-events.dlq")
          .register(registry);
    }
    for (String code : SKIP_CODES) {
      FunctionCounter.builder(
              "leads.events.skipped",
              events,
              metrics -> metrics.skippedByCode().getOrDefault(code, 0L))
          .tag("code", code)
          .description("Events skipped after repeated failures, their dead letter included")
          .register(registry);
    }
    FunctionCounter.builder(
            "leads.events.failed.attempts", events, ProjectionMetrics::failedAttemptCount)
        .description(
            "Errors that failed a processing attempt (an output not written, a processor threw;"
                + " one attempt counts each output it could not write); each failed attempt"
                + " re-processes the task from its last commit")
        .register(registry);
    FunctionCounter.builder(
            "leads.stream.thread.failures", events, ProjectionMetrics::streamThreadFailureCount)
        .description("Stream threads that died of an exception and were replaced")
        .register(registry);
    FunctionCounter.builder(
            "leads.index.snapshot.loads", events, ProjectionMetrics::indexSnapshotLoadCount)
        .description("Partition indexes loaded from the snapshot their store's last clean close saved")
        .register(registry);
    FunctionCounter.builder("leads.index.builds", events, ProjectionMetrics::indexBuildCount)
        .description("Partition indexes built by reading their whole store (no snapshot matched it)")
        .register(registry);
    FunctionCounter.builder(
            "leads.index.snapshots.written", events, ProjectionMetrics::indexSnapshotWrittenCount)
        .description("Index snapshots saved when a leads store closed")
        .register(registry);
    LeadJsonCaches jsonCaches = events.jsonCaches();
    FunctionCounter.builder("leads.json.cache.hits", jsonCaches, LeadJsonCaches::hitCount)
        .description("Leads of answers read from the cache of stored lead JSON, not from RocksDB")
        .register(registry);
    FunctionCounter.builder("leads.json.cache.misses", jsonCaches, LeadJsonCaches::missCount)
        .description("Leads of answers the cache of stored lead JSON did not hold (read from RocksDB)")
        .register(registry);
    Gauge.builder("leads.json.cache.bytes", jsonCaches, LeadJsonCaches::heldBytes)
        .description(
            "Bytes the caches of stored lead JSON hold (at most -Dleads.json-cache.mib, counted with"
                + " their keys and objects)")
        .register(registry);
    Timer freshness =
        Timer.builder("leads.freshness")
            .description("From an event's arrival in Kafka to its being applied (queryable)")
            .publishPercentileHistogram()
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(registry);
    events.onFreshness(millis -> freshness.record(Math.max(0, millis), TimeUnit.MILLISECONDS));
    Gauge.builder("leads.ready", projection, p -> p.readiness().ready() ? 1 : 0)
        .description("1 when /health/ready answers 200")
        .register(registry);
    Gauge.builder("leads.live", projection, p -> p.readiness().live() ? 1 : 0)
        .description("1 when /health/live answers 200 (0: permanently down, restart it)")
        .register(registry);
    Gauge.builder("leads.index.leads", projection.indexes(), ServiceMetrics::indexedLeads)
        .description("Leads in this instance's query indexes (its active partitions)")
        .register(registry);
    Gauge.builder("leads.index.partitions", projection.indexes(), i -> i.active().size())
        .description("Partitions whose indexes this instance holds as active tasks")
        .register(registry);
    Gauge.builder("leads.index.standby.partitions", projection.indexes(), i -> i.standby().size())
        .description("Partitions whose indexes this instance keeps warm as standby (or restoring)")
        .register(registry);
    Gauge.builder("leads.index.copies", projection.indexes(), LocalIndexes::copiesKept)
        .description(
            "Retired and start-up copies of partitions this instance answers from (stale-labelled)")
        .register(registry);
    Gauge.builder(
            "leads.heap.after.collection.ratio",
            projection,
            ProjectionService::heapShareAfterCollection)
        .description(
            "Share of the heap's maximum in use after the last garbage collection; from 0.8 on no"
                + " retired copy is kept")
        .register(registry);
    Gauge.builder("leads.rocksdb.cache.usage", BoundedRocksDbMemory::cacheUsageBytes)
        .description("Bytes held by RocksDB's shared block cache, memtables charged to it included")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("leads.rocksdb.cache.pinned", BoundedRocksDbMemory::cachePinnedBytes)
        .description("Bytes of RocksDB's shared block cache pinned by readers and iterators")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("leads.rocksdb.cache.capacity", () -> BoundedRocksDbMemory.TOTAL_BYTES)
        .description("Capacity of RocksDB's shared block cache (leads.rocksdb.memory.mib)")
        .baseUnit("bytes")
        .register(registry);
    DiskSpaceGuard disk = projection.diskGuard();
    if (disk != null) {
      Gauge.builder("leads.processing.paused", disk, guard -> guard.paused() ? 1 : 0)
          .description(
              "1 while the projection is paused because the data directory's volume has less free"
                  + " space than --min-free-disk")
          .register(registry);
      Gauge.builder("leads.data.dir.free", disk, DiskSpaceGuard::freeBytes)
          .description("Free bytes on the data directory's volume at the last check (every second)")
          .baseUnit("bytes")
          .register(registry);
      Gauge.builder("leads.data.dir.reserve", disk, DiskSpaceGuard::reserveBytes)
          .description("Free bytes kept on the data directory's volume (--min-free-disk)")
          .baseUnit("bytes")
          .register(registry);
    }
    ChangelogWatch changelogs = projection.changelogWatch();
    if (changelogs != null) {
      Gauge.builder(
              "leads.changelog.retention.problem", changelogs, watch -> watch.retentionProblem().isPresent() ? 1 : 0)
          .description(
              "1 while a changelog topic would lose records a restore needs (deletes by age or size,"
                  + " event-ids kept shorter than the de-duplication window, records already deleted)")
          .register(registry);
    }
    new StateTagsKafkaStreamsMetrics(
            projection.streams()::metrics, kafkaMetricsRefresher(), KAFKA_METRICS_REFRESH)
        .bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    return registry;
  }

  private static ScheduledExecutorService kafkaMetricsRefresher() {
    return DaemonThreads.scheduler("kafka-metrics-refresh");
  }

  private static double indexedLeads(LocalIndexes indexes) {
    long total = 0;
    for (PartitionIndex partition : indexes.active().values()) {
      total += partition.size();
    }
    return total;
  }
}
