package ai.buena.leads.lead;

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
}
