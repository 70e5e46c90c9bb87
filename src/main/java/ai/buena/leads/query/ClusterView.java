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
}
