package ai.buena.leads.projection;

import ai.buena.leads.index.PartitionIndex;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The {@code leads} stores open in this instance, by partition, for their tasks' processors. */
final class OpenLeadStores {
  private final Map<Integer, IndexedLeadStore> byPartition = new ConcurrentHashMap<>();
  private final LeadJsonCaches jsonCaches;

  OpenLeadStores() {
    this(LeadJsonCaches.configured());
  }

  OpenLeadStores(LeadJsonCaches jsonCaches) {
    this.jsonCaches = jsonCaches;
  }

  /** The limit the stores' {@link StoredJsonCache}s share. */
  LeadJsonCaches jsonCaches() {
    return jsonCaches;
  }

  void opened(int partition, IndexedLeadStore store) {
    byPartition.put(partition, store);
  }

  void closed(int partition, IndexedLeadStore store) {
    byPartition.remove(partition, store);
  }

  /** The partition's index, built now if its store put the build off while it restored. */
  PartitionIndex index(int partition) {
    return store(partition).builtIndex();
  }

  /** The partition's open {@code leads} store, unwrapped. */
  IndexedLeadStore store(int partition) {
    IndexedLeadStore store = byPartition.get(partition);
    if (store == null) {
      throw new IllegalStateException("the leads store of partition " + partition + " is not open");
    }
    return store;
  }
}
