package ai.buena.leads.query;

import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.lead.Lead;
import java.time.Duration;
import java.util.Optional;

/**
 * Answers the List Leads queries of one workspace, completely or not at all: when some of the
 * workspace's data cannot be read right now it throws {@link UnavailableException}.
 */
public interface LeadQueryService {
  LeadPage list(String workspaceId, LeadQuery query);

  /** The lead with this id in this workspace; empty when it does not exist or is another's. */
  Optional<Lead> get(String workspaceId, String leadId);

  /**
   * {@link #list(String, LeadQuery)}, answered only once the projection has processed the event
   * {@code after} names (null: at once). A service that cannot tell refuses (503) rather than
   * answer what may not show the event.
   */
  default LeadPage list(String workspaceId, LeadQuery query, ConsistencyToken after) {
    if (after != null) {
      throw cannotWait();
    }
    return list(workspaceId, query);
  }

  /** {@link #get(String, String)} after the event {@code after} names, as for a list. */
  default Optional<Lead> get(String workspaceId, String leadId, ConsistencyToken after) {
    if (after != null) {
      throw cannotWait();
    }
    return get(workspaceId, leadId);
  }

  /**
   * The lead for a write to decide on: as the active owner of its partition holds it, never from a
   * standby or retired copy (which may not show the lead's latest events yet), after the event
   * {@code after} names (null: at once). When the active cannot answer: {@link
   * UnavailableException}.
   */
  default Optional<Lead> current(String workspaceId, String leadId, ConsistencyToken after) {
    return get(workspaceId, leadId, after);
  }

  /**
   * Whether the projection applied this event of the lead within its de-duplication window, and
   * from which request: asked of the active owner of the lead's partition, once it has processed
   * the event {@code after} names (null: at once). A service that cannot tell refuses (503).
   */
  default Optional<AppliedEvent> appliedEvent(
      String leadId, String eventId, ConsistencyToken after) {
    throw new UnavailableException(
        "this query service does not know which events were applied", Duration.ofSeconds(1));
  }

  private static UnavailableException cannotWait() {
    return new UnavailableException(
        "this query service does not track the projection's progress", Duration.ofSeconds(1));
  }

  /** {@link #get}, saying how stale the answer may be (read from a standby copy). */
  default Answered<Optional<Lead>> find(String workspaceId, String leadId) {
    return Answered.fresh(get(workspaceId, leadId));
  }

  /** {@link #find(String, String)} after the event {@code after} names (null: at once). */
  default Answered<Optional<Lead>> find(
      String workspaceId, String leadId, ConsistencyToken after) {
    return after == null
        ? find(workspaceId, leadId)
        : Answered.fresh(get(workspaceId, leadId, after));
  }
}
