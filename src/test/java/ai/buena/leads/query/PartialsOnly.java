package ai.buena.leads.query;

import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.lead.Lead;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** Peers that answer only the partials call, as {@code answer} says (given the host); nothing else. */
final class PartialsOnly implements RemoteInstances {
  /** A call to the partials route: whom, for which partitions, how stale it may be. */
  record Asked(HostAddress host, Set<Integer> partitions, StandbyBound bound) {}

  private final Function<Asked, CompletableFuture<PartialAnswer>> answer;
  private final List<PeerAnswers> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  PartialsOnly(Function<Asked, CompletableFuture<PartialAnswer>> answer) {
    this.answer = answer;
  }

  @Override
  public CompletableFuture<PartialAnswer> partial(
      HostAddress host, String workspaceId, LeadQuery query, Set<Integer> partitions,
      StandbyBound bound, ConsistencyToken after, boolean withLeads, Window window) {
    return answer.apply(new Asked(host, partitions, bound));
  }

  /** Tells the listeners that {@code host} answered, saying it is in {@code state}. */
  void answer(HostAddress host, InstanceState state) {
    listeners.forEach(listener -> listener.answered(host, state));
  }

  @Override
  public void reportAnswersTo(PeerAnswers listener) {
    listeners.add(listener);
  }

  @Override
  public CompletableFuture<Answered<Optional<Lead>>> lead(
      HostAddress host, String workspaceId, String leadId, StandbyBound bound, ConsistencyToken after) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Optional<AppliedEvent>> appliedEvent(
      HostAddress host, String leadId, String eventId, ConsistencyToken after) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Answered<Map<String, Lead>>> leads(
      HostAddress host, String workspaceId, List<String> leadIds, StandbyBound bound) {
    throw new UnsupportedOperationException();
  }
}
