package ai.buena.leads.query;

import ai.buena.leads.lead.Lead;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Calls to the other instances of the cluster, authenticated with the cluster credential. With a
 * {@link StandbyBound} that is enabled, the instance may answer a partition whose active it does not
 * hold from its standby copy within the bound, and says how stale its answer may be.
 */
public interface RemoteInstances {
  CompletableFuture<PartialAnswer> partial(
      HostAddress host, String workspaceId, LeadQuery query, Set<Integer> partitions, StandbyBound bound);

  CompletableFuture<Answered<Optional<Lead>>> lead(
      HostAddress host, String workspaceId, String leadId, StandbyBound bound);

  /** The leads of the workspace among {@code leadIds} that the host holds, by id. */
  CompletableFuture<Answered<Map<String, Lead>>> leads(
      HostAddress host, String workspaceId, List<String> leadIds, StandbyBound bound);

  /** The host's share from its active partitions only. */
  default CompletableFuture<PartialAnswer> partial(
      HostAddress host, String workspaceId, LeadQuery query, Set<Integer> partitions) {
    return partial(host, workspaceId, query, partitions, StandbyBound.OFF);
  }
}
