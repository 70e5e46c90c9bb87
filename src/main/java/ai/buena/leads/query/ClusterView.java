package ai.buena.leads.query;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Who holds which partitions of the leads right now, as Kafka Streams' metadata says. */
public interface ClusterView {
  HostAddress self();

  /**
   * The active owner of every partition; throws {@link UnavailableException} when some partition
   * has no owner (starting, rebalancing).
   */
  Map<HostAddress, Set<Integer>> activeOwners();

  /** The active owner of the partition holding this lead, if known. */
  Optional<HostAddress> ownerOf(String leadId);

  /**
   * Each partition's active owner (missing while it has none) and standby hosts; throws {@link
   * UnavailableException} only when the metadata cannot be read.
   */
  default Placement placement() {
    Map<HostAddress, Set<Integer>> owners = activeOwners();
    int partitions = owners.values().stream().mapToInt(Set::size).sum();
    return Placement.ofActives(partitions, owners);
  }

  /**
   * Every instance of the cluster this one knows of, itself included: those that may hold a copy
   * no metadata names (one kept after its task left, see {@code LocalIndexes#retire}).
   */
  default Set<HostAddress> instances() {
    Placement placement = placement();
    Set<HostAddress> all = new java.util.HashSet<>(placement.actives().values());
    placement.standbys().values().forEach(all::addAll);
    all.add(self());
    return all;
  }

  /** The instances holding a standby copy of the partition holding this lead. */
  default Set<HostAddress> standbysOf(String leadId) {
    return Set.of();
  }
}
