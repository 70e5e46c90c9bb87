package ai.buena.leads.query;

import ai.buena.leads.consistency.ConsistencyToken;
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
  /**
   * The host's share of a list answer for {@code partitions}, from standby copies within {@code
   * bound} where its actives cannot answer; with {@code after} (null: none) the host answers only
   * once it has processed that event, when its partition is among {@code partitions}. With {@code
   * withLeads}, the share may carry the stored JSON of the leads at its positions ({@link
   * PartialAnswer#leads}; an instance of an earlier version sends none). With a {@code window}
   * (null: none), the share is the run of matches around the host's part of the window's offset
   * (an instance of an earlier version sends its first matches, a run from position 0).
   */
  CompletableFuture<PartialAnswer> partial(
      HostAddress host,
      String workspaceId,
      LeadQuery query,
      Set<Integer> partitions,
      StandbyBound bound,
      ConsistencyToken after,
      boolean withLeads,
      Window window);

  default CompletableFuture<PartialAnswer> partial(
      HostAddress host,
      String workspaceId,
      LeadQuery query,
      Set<Integer> partitions,
      StandbyBound bound,
      ConsistencyToken after) {
    return partial(host, workspaceId, query, partitions, bound, after, false, null);
  }

  default CompletableFuture<PartialAnswer> partial(
      HostAddress host,
      String workspaceId,
      LeadQuery query,
      Set<Integer> partitions,
      StandbyBound bound) {
    return partial(host, workspaceId, query, partitions, bound, null);
  }

  /** One lead the host holds; with {@code after}, once the host has processed that event. */
  CompletableFuture<Answered<Optional<Lead>>> lead(
      HostAddress host,
      String workspaceId,
      String leadId,
      StandbyBound bound,
      ConsistencyToken after);

  default CompletableFuture<Answered<Optional<Lead>>> lead(
      HostAddress host, String workspaceId, String leadId, StandbyBound bound) {
    return lead(host, workspaceId, leadId, bound, null);
  }

  /**
   * Whether the host's active partition of the lead applied this event, and from which request;
   * with {@code after}, once the host has processed that event.
   */
  CompletableFuture<Optional<AppliedEvent>> appliedEvent(
      HostAddress host, String leadId, String eventId, ConsistencyToken after);

  /** The leads of the workspace among {@code leadIds} that the host holds, by id. */
  CompletableFuture<Answered<Map<String, Lead>>> leads(
      HostAddress host, String workspaceId, List<String> leadIds, StandbyBound bound);

  /** From now on, tells {@code listener} of every HTTP answer an instance gives to these calls. */
  default void reportAnswersTo(PeerAnswers listener) {}

  /** The host's share from its active partitions only. */
  default CompletableFuture<PartialAnswer> partial(
      HostAddress host, String workspaceId, LeadQuery query, Set<Integer> partitions) {
    return partial(host, workspaceId, query, partitions, StandbyBound.OFF);
  }
}
