package ai.buena.leads.index;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The partition indexes this instance holds right now, by partition of {@code lead-events}. */
public final class LocalIndexes {
  private final Map<Integer, PartitionIndex> byPartition = new ConcurrentHashMap<>();

  public void register(PartitionIndex index) {
    byPartition.put(index.partition(), index);
  }

  /** Removes the index only if it is still the registered one (a newer task may have replaced it). */
  public void unregister(PartitionIndex index) {
    byPartition.remove(index.partition(), index);
  }

  public Optional<PartitionIndex> partition(int partition) {
    return Optional.ofNullable(byPartition.get(partition));
  }

  public Map<Integer, PartitionIndex> all() {
    return Map.copyOf(byPartition);
  }
}
