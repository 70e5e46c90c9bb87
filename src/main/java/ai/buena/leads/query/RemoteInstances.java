package ai.buena.leads.query;

import ai.buena.leads.lead.Lead;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Calls to the other instances of the cluster, authenticated with the cluster credential. */
public interface RemoteInstances {
  CompletableFuture<PartialAnswer> partial(
      HostAddress host, String workspaceId, LeadQuery query, Set<Integer> partitions);

  CompletableFuture<Optional<Lead>> lead(HostAddress host, String workspaceId, String leadId);

  /** The leads of the workspace among {@code leadIds} that the host holds, by id. */
  CompletableFuture<Map<String, Lead>> leads(HostAddress host, String workspaceId, List<String> leadIds);
}
