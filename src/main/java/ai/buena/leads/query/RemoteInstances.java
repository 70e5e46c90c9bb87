package ai.buena.leads.query;

import ai.buena.leads.lead.Lead;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Calls to the other instances of the cluster, authenticated with the cluster credential. */
public interface RemoteInstances {
  CompletableFuture<PartialAnswer> partial(
      HostAddress host, String workspaceId, LeadQuery query, Set<Integer> partitions);

  CompletableFuture<Optional<Lead>> lead(HostAddress host, String workspaceId, String leadId);
}
