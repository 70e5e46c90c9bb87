package ai.buena.leads.lead;

import ai.buena.leads.events.LeadEvent;
import ai.buena.leads.events.LeadField;
import ai.buena.leads.events.LeadPatch;
import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The current state of one lead, exactly the fields the API prints, plus the workspace it belongs to.
 * Immutable; {@code tags} is never null (empty when absent), {@code customFields} never null and keeps
 * insertion order. Custom field values are String, Number or Boolean.
 */
public record Lead(
    String id,
    String workspaceId,
    String firstName,
    String lastName,
    String email,
    String linkedinUrl,
    String company,
    String title,
    String phone,
    String location,
    LeadStatus status,
    LeadSource source,
    String notes,
    List<String> tags,
    Map<String, Object> customFields,
    Instant createdAt,
    Instant updatedAt,
    Instant lastContactedAt) {

  public Lead {
    tags = tags == null ? List.of() : List.copyOf(tags);
    customFields =
        customFields == null || customFields.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(customFields));
  }

  /** The lead a LeadCreated event brings into being. */
  public static Lead create(LeadEvent.Created event) {
    Lead empty =
        new Lead(
            event.leadId(), event.workspaceId(), null, null, null, null, null, null, null, null,
            LeadStatus.NEW, LeadSource.API, null, List.of(), Map.of(),
            event.occurredAt(), event.occurredAt(), null);
    return empty.patched(event.data());
  }

  /** Applies a LeadUpdated merge patch; {@code updatedAt} never moves back. */
  public Lead apply(LeadEvent.Updated event) {
    return patched(event.patch()).withUpdatedAt(later(updatedAt, event.occurredAt()));
  }

  /** Records a contact: {@code new} becomes {@code contacted}; timestamps never move back. */
  public Lead apply(LeadEvent.Contacted event) {
    return new Lead(
        id, workspaceId, firstName, lastName, email, linkedinUrl, company, title, phone, location,
        status == LeadStatus.NEW ? LeadStatus.CONTACTED : status, source, notes, tags, customFields,
        createdAt, later(updatedAt, event.occurredAt()), later(lastContactedAt, event.occurredAt()));
  }

  private Lead patched(LeadPatch patch) {
    return new Lead(
        id,
        workspaceId,
        (String) field(patch, LeadField.FIRST_NAME, firstName),
        (String) field(patch, LeadField.LAST_NAME, lastName),
        (String) field(patch, LeadField.EMAIL, email),
        (String) field(patch, LeadField.LINKEDIN_URL, linkedinUrl),
        (String) field(patch, LeadField.COMPANY, company),
        (String) field(patch, LeadField.TITLE, title),
        (String) field(patch, LeadField.PHONE, phone),
        (String) field(patch, LeadField.LOCATION, location),
        (LeadStatus) field(patch, LeadField.STATUS, status),
        (LeadSource) field(patch, LeadField.SOURCE, source),
        (String) field(patch, LeadField.NOTES, notes),
        patch.has(LeadField.TAGS) ? patch.tags() : tags,
        patch.has(LeadField.CUSTOM_FIELDS) ? mergedCustomFields(patch.customFields()) : customFields,
        createdAt,
        updatedAt,
        lastContactedAt);
  }

  private Map<String, Object> mergedCustomFields(Map<String, Object> patch) {
    if (patch == null) {
      return Map.of();
    }
    Map<String, Object> merged = new LinkedHashMap<>(customFields);
    patch.forEach(
        (key, value) -> {
          if (value == null) {
            merged.remove(key);
          } else {
            merged.put(key, value);
          }
        });
    return merged;
  }

  private Lead withUpdatedAt(Instant newUpdatedAt) {
    return new Lead(
        id, workspaceId, firstName, lastName, email, linkedinUrl, company, title, phone, location,
        status, source, notes, tags, customFields, createdAt, newUpdatedAt, lastContactedAt);
  }

  private static Object field(LeadPatch patch, LeadField field, Object current) {
    return patch.has(field) ? patch.get(field) : current;
  }

  private static Instant later(Instant current, Instant candidate) {
    return current == null || candidate.isAfter(current) ? candidate : current;
  }
}
