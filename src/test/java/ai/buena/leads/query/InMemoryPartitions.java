package ai.buena.leads.query;

import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/** Partition indexes over in-memory stores, for tests of the engine without Kafka or RocksDB. */
final class InMemoryPartitions {
  private final LocalIndexes indexes = new LocalIndexes();
  private final List<Map<String, Lead>> stores = new ArrayList<>();
  private final ToIntFunction<String> partitionOf;

  InMemoryPartitions(int partitions, ToIntFunction<String> partitionOf) {
    this.partitionOf = partitionOf;
    for (int p = 0; p < partitions; p++) {
      Map<String, Lead> store = new HashMap<>();
      stores.add(store);
      indexes.register(new PartitionIndex(p, store::get));
    }
  }

  /** Stores and indexes {@code lead} in one change, replacing its earlier version, as a task does. */
  void put(Lead lead) {
    int p = partitionOf.applyAsInt(lead.id());
    Map<String, Lead> store = stores.get(p);
    Lead before = store.get(lead.id());
    indexes.partition(p).orElseThrow().change(() -> store.put(lead.id(), lead), before, lead);
  }

  LocalLeadQueryService service() {
    return new LocalLeadQueryService(indexes, stores.size(), () -> true, partitionOf);
  }

  LocalLeadQueryService service(long workBudget) {
    return new LocalLeadQueryService(indexes, stores.size(), () -> true, partitionOf, workBudget);
  }
}
