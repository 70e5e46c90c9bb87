package ai.buena.leads.query;

import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.lead.Lead;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Calls to the peers passed on to {@code delegate}; a test overrides the calls it watches or changes. */
public class ForwardingRemoteInstances implements RemoteInstances {
  private final RemoteInstances delegate;

  public ForwardingRemoteInstances(RemoteInstances delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletableFuture<PartialAnswer> partial(
      HostAddress host,
      String workspaceId,
      LeadQuery query,
      Set<Integer> partitions,
      StandbyBound bound,
      ConsistencyToken after,
      boolean withLeads,
      Window window) {
    return delegate.partial(host, workspaceId, query, partitions, bound, after, withLeads, window);
  }

  @Override
  public void reportAnswersTo(PeerAnswers listener) {
    delegate.reportAnswersTo(listener);
  }

  @Override
  public CompletableFuture<Answered<Optional<Lead>>> lead(
      HostAddress host, String workspaceId, String leadId, StandbyBound bound, ConsistencyToken after) {
    return delegate.lead(host, workspaceId, leadId, bound, after);
  }

  @Override
  public CompletableFuture<Optional<AppliedEvent>> appliedEvent(
      HostAddress host, String leadId, String eventId, ConsistencyToken after) {
    return delegate.appliedEvent(host, leadId, eventId, after);
  }

  @Override
  public CompletableFuture<Answered<Map<String, Lead>>> leads(
      HostAddress host, String workspaceId, List<String> leadIds, StandbyBound bound) {
    return delegate.leads(host, workspaceId, leadIds, bound);
  }
}
