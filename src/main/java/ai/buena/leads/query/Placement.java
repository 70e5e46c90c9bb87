package ai.buena.leads.query;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the partitions of the leads can be read right now: each partition's active owner, when it
 * has one, and the instances holding a standby copy of it.
 */
public record Placement(
    int partitions, Map<Integer, HostAddress> actives, Map<Integer, Set<HostAddress>> standbys) {
  public Placement {
    actives = Map.copyOf(actives);
    standbys = Map.copyOf(standbys);
  }

  /** Every partition with its active owner, no standby known. */
  public static Placement ofActives(int partitions, Map<HostAddress, Set<Integer>> owners) {
    Map<Integer, HostAddress> actives = new HashMap<>();
    owners.forEach((host, owned) -> owned.forEach(partition -> actives.put(partition, host)));
    return new Placement(partitions, actives, Map.of());
  }

  public Optional<HostAddress> active(int partition) {
    return Optional.ofNullable(actives.get(partition));
  }

  public Set<HostAddress> standbys(int partition) {
    return standbys.getOrDefault(partition, Set.of());
  }
}
