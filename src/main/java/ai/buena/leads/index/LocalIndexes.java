package ai.buena.leads.index;

import ai.buena.leads.consistency.AppliedOffsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partition indexes this instance holds right now, by partition of {@code lead-events}, and how
 * far the projection has processed each (what reads with a consistency token wait for).
 */
public final class LocalIndexes {
  private final Map<Integer, PartitionIndex> byPartition = new ConcurrentHashMap<>();
  private final AppliedOffsets appliedOffsets;

  public LocalIndexes() {
    this(new AppliedOffsets());
  }

  public LocalIndexes(AppliedOffsets appliedOffsets) {
    this.appliedOffsets = appliedOffsets;
  }

  public AppliedOffsets appliedOffsets() {
    return appliedOffsets;
  }

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
