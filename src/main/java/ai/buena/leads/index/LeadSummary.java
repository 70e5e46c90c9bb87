package ai.buena.leads.index;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.Locale;

/**
 * The part of a lead that queries filter and sort on, with text already lower-cased ({@code
 * Locale.ROOT}), so a query never deserializes a lead it does not return.
 */
public record LeadSummary(
    String id,
    LeadStatus status,
    LeadSource source,
    String firstName,
    String lastName,
    String email,
    String company,
    String title,
    Instant createdAt,
    Instant updatedAt,
    Instant lastContactedAt) {

  public static LeadSummary of(Lead lead) {
    return new LeadSummary(
        lead.id(),
        lead.status(),
        lead.source(),
        lower(lead.firstName()),
        lower(lead.lastName()),
        lower(lead.email()),
        lower(lead.company()),
        lower(lead.title()),
        lead.createdAt(),
        lead.updatedAt(),
        lead.lastContactedAt());
  }

  /** The value this lead sorts by on {@code field}: lower-cased text, an instant, or null. */
  public Object value(IndexedField field) {
    return switch (field) {
      case CREATED_AT -> createdAt;
      case UPDATED_AT -> updatedAt;
      case LAST_CONTACTED_AT -> lastContactedAt;
      case FIRST_NAME -> firstName;
      case LAST_NAME -> lastName;
      case COMPANY -> company;
    };
  }

  private static String lower(String text) {
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }
}
