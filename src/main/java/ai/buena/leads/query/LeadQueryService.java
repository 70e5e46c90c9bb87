package ai.buena.leads.query;

import ai.buena.leads.lead.Lead;
import java.util.Optional;

/**
 * Answers the List Leads queries of one workspace, completely or not at all: when some of the
 * workspace's data cannot be read right now it throws {@link UnavailableException}.
 */
public interface LeadQueryService {
  LeadPage list(String workspaceId, LeadQuery query);

  /** The lead with this id in this workspace; empty when it does not exist or is another's. */
  Optional<Lead> get(String workspaceId, String leadId);

  /** {@link #get}, saying how stale the answer may be (read from a standby copy). */
  default Answered<Optional<Lead>> find(String workspaceId, String leadId) {
    return Answered.fresh(get(workspaceId, leadId));
  }
}
