package ai.buena.leads.index;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partition indexes this instance holds right now, by partition of {@code lead-events}, each
 * with its {@link IndexRole}.
 *
 * <p>The {@code leads} store registers its partition's index as {@link IndexRole#STANDBY} when it
 * opens (a standby task, or an active task still restoring) and unregisters it when it closes; the
 * projection's processor promotes it to {@link IndexRole#ACTIVE} when its task starts processing
 * and demotes it back when the task stops (a task recycled into a standby keeps its store, so its
 * index stays here as STANDBY).
 *
 * <ul>
 *   <li>{@link #active()} and {@link #activePartition(int)}: the indexes of active tasks, exact as
 *       of now. Complete answers read only these.
 *   <li>{@link #standby()} and {@link #standbyPartition(int)}: indexes that follow a changelog
 *       and may lag behind it; reading them gives a stale answer, to be labelled with the index's
 *       {@link PartitionIndex#lastChangeMillis()} or {@link PartitionIndex#changelogOffset()}.
 *   <li>{@link #partition(int)} and {@link #all()}: whatever the role.
 * </ul>
 */
public final class LocalIndexes {
  private final Map<Integer, Held> byPartition = new ConcurrentHashMap<>();

  private record Held(PartitionIndex index, IndexRole role) {}

  /** Registers an active index (tests and callers that manage no standby tasks). */
  public void register(PartitionIndex index) {
    register(index, IndexRole.ACTIVE);
  }

  public void register(PartitionIndex index, IndexRole role) {
    byPartition.put(index.partition(), new Held(index, role));
  }

  /** Removes the index only if it is still the registered one (a newer task may have replaced it). */
  public void unregister(PartitionIndex index) {
    byPartition.computeIfPresent(index.partition(), (p, held) -> held.index() == index ? null : held);
  }

  /** Gives the registered {@code index} {@code role}; false when {@code index} is not registered. */
  public boolean assignRole(PartitionIndex index, IndexRole role) {
    Held now =
        byPartition.computeIfPresent(
            index.partition(), (p, held) -> held.index() == index ? new Held(index, role) : held);
    return now != null && now.index() == index && now.role() == role;
  }

  /** The partition's index whatever its role. */
  public Optional<PartitionIndex> partition(int partition) {
    return Optional.ofNullable(byPartition.get(partition)).map(Held::index);
  }

  /** The partition's index if its task is active here. */
  public Optional<PartitionIndex> activePartition(int partition) {
    return withRole(partition, IndexRole.ACTIVE);
  }

  /** The partition's index if a standby (or still restoring) task holds it here. */
  public Optional<PartitionIndex> standbyPartition(int partition) {
    return withRole(partition, IndexRole.STANDBY);
  }

  public Optional<IndexRole> role(int partition) {
    return Optional.ofNullable(byPartition.get(partition)).map(Held::role);
  }

  /** Every index held here, whatever its role. */
  public Map<Integer, PartitionIndex> all() {
    Map<Integer, PartitionIndex> all = new HashMap<>();
    byPartition.forEach((partition, held) -> all.put(partition, held.index()));
    return Map.copyOf(all);
  }

  /** The indexes of the partitions whose task is active here. */
  public Map<Integer, PartitionIndex> active() {
    return withRole(IndexRole.ACTIVE);
  }

  /** The indexes of the partitions a standby (or still restoring) task holds here. */
  public Map<Integer, PartitionIndex> standby() {
    return withRole(IndexRole.STANDBY);
  }

  private Optional<PartitionIndex> withRole(int partition, IndexRole role) {
    return Optional.ofNullable(byPartition.get(partition))
        .filter(held -> held.role() == role)
        .map(Held::index);
  }

  private Map<Integer, PartitionIndex> withRole(IndexRole role) {
    Map<Integer, PartitionIndex> found = new HashMap<>();
    byPartition.forEach(
        (partition, held) -> {
          if (held.role() == role) {
            found.put(partition, held.index());
          }
        });
    return Map.copyOf(found);
  }
}
