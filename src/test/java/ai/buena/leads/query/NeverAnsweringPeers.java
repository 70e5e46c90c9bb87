package ai.buena.leads.query;

import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.lead.Lead;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Peers whose answers never come; a test overrides the calls some peer does answer. */
class NeverAnsweringPeers implements RemoteInstances {
  @Override
  public CompletableFuture<PartialAnswer> partial(
      HostAddress host,
      String workspaceId,
      LeadQuery q,
      Set<Integer> partitions,
      StandbyBound bound,
      ConsistencyToken after,
      boolean withLeads,
      Window window) {
    return new CompletableFuture<>();
  }

  @Override
  public CompletableFuture<Answered<Optional<Lead>>> lead(
      HostAddress host, String workspaceId, String leadId, StandbyBound bound, ConsistencyToken after) {
    return new CompletableFuture<>();
  }

  @Override
  public CompletableFuture<Optional<AppliedEvent>> appliedEvent(
      HostAddress host, String leadId, String eventId, ConsistencyToken after) {
    return new CompletableFuture<>();
  }

  @Override
  public CompletableFuture<Answered<Map<String, Lead>>> leads(
      HostAddress host, String workspaceId, List<String> leadIds, StandbyBound bound) {
    return new CompletableFuture<>();
  }
}
