package ai.buena.leads.http;

import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.LocalLeadQueryService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The partitions one instance holds, as the projection keeps them without Kafka: leads in maps, the
 * real indexes, and the offsets processed, which {@link #apply} advances the way the processor
 * does (store and index first, then the offset).
 */
final class ProjectedPartitions {
  final LocalIndexes indexes;
  final LocalLeadQueryService engine;
  private final Map<Integer, Map<String, Lead>> stores = new HashMap<>();

  ProjectedPartitions(Set<Integer> held, int maxWaiting, Duration waitBound) {
    indexes = new LocalIndexes(new AppliedOffsets(maxWaiting, waitBound));
    for (int p : held) {
      Map<String, Lead> store = new java.util.concurrent.ConcurrentHashMap<>();
      stores.put(p, store);
      indexes.register(new PartitionIndex(p, store::get));
      indexes.appliedOffsets().start(p, AppliedOffsets.NONE);
    }
    engine =
        new LocalLeadQueryService(
            indexes, IndexedApi.PARTITIONS, () -> true, IndexedApi::partitionOf);
  }

  /** The event at {@code offset} of the lead's partition wrote {@code lead}. */
  void apply(Lead lead, long offset) {
    int p = IndexedApi.partitionOf(lead.id());
    Map<String, Lead> store = stores.get(p);
    Lead before = store.get(lead.id());
    indexes.partition(p).orElseThrow().change(() -> store.put(lead.id(), lead), before, lead);
    indexes.appliedOffsets().advance(p, offset);
  }

  /** The event at {@code offset} of {@code partition} changed nothing (de-duplicated, dead-lettered). */
  void skip(int partition, long offset) {
    indexes.appliedOffsets().advance(partition, offset);
  }

  /** A lead id that {@link IndexedApi#partitionOf} puts on {@code partition}. */
  static String leadOn(int partition, String prefix) {
    for (int i = 0; ; i++) {
      String id = prefix + i;
      if (IndexedApi.partitionOf(id) == partition) {
        return id;
      }
    }
  }
}
