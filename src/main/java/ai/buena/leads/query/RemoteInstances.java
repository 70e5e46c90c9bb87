package ai.buena.leads.query;

import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.lead.Lead;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Calls to the other instances of the cluster, authenticated with the cluster credential. */
public interface RemoteInstances {
  default CompletableFuture<PartialAnswer> partial(
      HostAddress host, String workspaceId, LeadQuery query, Set<Integer> partitions) {
    return partial(host, workspaceId, query, partitions, null);
  }

  /**
   * The host's share of a list answer; with {@code after} (null: none) the host answers only once
   * it has processed that event, when its partition is among {@code partitions}.
   */
  CompletableFuture<PartialAnswer> partial(
      HostAddress host,
      String workspaceId,
      LeadQuery query,
      Set<Integer> partitions,
      ConsistencyToken after);

  default CompletableFuture<Optional<Lead>> lead(
      HostAddress host, String workspaceId, String leadId) {
    return lead(host, workspaceId, leadId, null);
  }

  /** One lead the host holds; with {@code after}, once the host has processed that event. */
  CompletableFuture<Optional<Lead>> lead(
      HostAddress host, String workspaceId, String leadId, ConsistencyToken after);

  /** The leads of the workspace among {@code leadIds} that the host holds, by id. */
  CompletableFuture<Map<String, Lead>> leads(HostAddress host, String workspaceId, List<String> leadIds);
}
