package ai.buena.leads.http;

import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.LocalLeadQueryService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real query engine of an instance holding some partitions, over leads in maps instead of
 * RocksDB, which a test can change while it answers (each change as the projection makes it:
 * store and index under the partition's write lock).
 */
final class WritableEngine {
  final LocalLeadQueryService engine;
  private final LocalIndexes indexes = new LocalIndexes();
  private final Map<Integer, Map<String, Lead>> stores = new ConcurrentHashMap<>();

  WritableEngine(List<Lead> leads, Set<Integer> held, long workBudget) {
    for (int p : held) {
      Map<String, Lead> store = new ConcurrentHashMap<>();
      stores.put(p, store);
      indexes.register(new PartitionIndex(p, store::get));
    }
    leads.forEach(this::put);
    engine =
        new LocalLeadQueryService(
            indexes, IndexedApi.PARTITIONS, () -> true, IndexedApi::partitionOf, workBudget);
  }

  /** Stores and indexes {@code lead} (new or changed) when its partition is held here. */
  void put(Lead lead) {
    int p = IndexedApi.partitionOf(lead.id());
    Map<String, Lead> store = stores.get(p);
    if (store != null) {
      indexes.partition(p).orElseThrow().change(() -> store.put(lead.id(), lead), store.get(lead.id()), lead);
    }
  }
}
