package ai.buena.leads.events;

import java.time.Instant;

/** One validated event of a lead's history (the envelope of {@code events.md}). */
public sealed interface LeadEvent
    permits LeadEvent.Created, LeadEvent.Updated, LeadEvent.Contacted, LeadEvent.Deleted {

  String eventId();

  String leadId();

  String workspaceId();

  Instant occurredAt();

  /** The envelope's {@code type}. */
  String type();

  record Created(String eventId, String leadId, String workspaceId, Instant occurredAt, LeadPatch data)
      implements LeadEvent {
    public String type() {
      return "LeadCreated";
    }
  }

  record Updated(String eventId, String leadId, String workspaceId, Instant occurredAt, LeadPatch patch)
      implements LeadEvent {
    public String type() {
      return "LeadUpdated";
    }
  }

  /** {@code channel} and {@code note} are optional (null when absent). */
  record Contacted(
      String eventId, String leadId, String workspaceId, Instant occurredAt, String channel, String note)
      implements LeadEvent {
    public String type() {
      return "LeadContacted";
    }
  }

  record Deleted(String eventId, String leadId, String workspaceId, Instant occurredAt)
      implements LeadEvent {
    public String type() {
      return "LeadDeleted";
    }
  }
}
