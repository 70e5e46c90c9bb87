package ai.buena.leads.lead;

import ai.buena.leads.events.EventError;
import ai.buena.leads.events.LeadEvent;
import java.util.Map;

/** The pure rule of events.md: the current lead (or none) and one event give a decision. */
public final class LeadTransitions {
  static final int MAX_CUSTOM_FIELDS = 50;

  private LeadTransitions() {}

  public static Decision decide(Lead current, LeadEvent event) {
    if (current != null && !current.workspaceId().equals(event.workspaceId())) {
      return reject(
          EventError.WORKSPACE_MISMATCH,
          "lead " + event.leadId() + " belongs to another workspace than " + event.workspaceId());
    }
    if (event instanceof LeadEvent.Created created) {
      return current != null
          ? reject(EventError.LEAD_EXISTS, "lead " + event.leadId() + " already exists")
          : new Decision.Upsert(null, Lead.create(created));
    }
    if (current == null) {
      return reject(EventError.LEAD_NOT_FOUND, "lead " + event.leadId() + " does not exist");
    }
    if (event instanceof LeadEvent.Updated updated) {
      return checked(current, current.apply(updated));
    }
    if (event instanceof LeadEvent.Contacted contacted) {
      return new Decision.Upsert(current, current.apply(contacted));
    }
    return new Decision.Remove(current);
  }

  private static Decision checked(Lead previous, Lead next) {
    Map<String, Object> custom = next.customFields();
    if (custom.size() > MAX_CUSTOM_FIELDS) {
      return reject(
          EventError.INVALID_FIELD,
          "data.customFields would leave the lead with "
              + custom.size()
              + " custom fields, at most "
              + MAX_CUSTOM_FIELDS);
    }
    return new Decision.Upsert(previous, next);
  }

  private static Decision reject(String code, String message) {
    return new Decision.Reject(new EventError(code, message));
  }
}
