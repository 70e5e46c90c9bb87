package ai.buena.leads.query;

import ai.buena.leads.index.LowerCase;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * Whether a lead matches every filter of a {@link LeadQuery} (all filters combine with AND).
 *
 * <p>Time bounds are strict; a lead without the bounded timestamp never matches a bound on it. A
 * lead without {@code company} or {@code title} never matches a filter on it.
 */
public final class LeadFilter {

  private LeadFilter() {}

  public static boolean matches(LeadQuery q, Lead lead) {
    return (q.status() == null || q.status() == lead.status())
        && (q.source() == null || q.source() == lead.source())
        && (q.company() == null || q.company().equals(LowerCase.of(lead.company())))
        && (q.title() == null || containsLowered(lead.title(), q.title()))
        && isAfter(lead.createdAt(), q.createdAfter())
        && isBefore(lead.createdAt(), q.createdBefore())
        && isAfter(lead.lastContactedAt(), q.lastContactedAfter())
        && isBefore(lead.lastContactedAt(), q.lastContactedBefore())
        && q.searchTerms().stream().allMatch(term -> anySearchedFieldContains(lead, term));
  }

  private static boolean anySearchedFieldContains(Lead lead, String term) {
    return Stream.of(lead.firstName(), lead.lastName(), lead.email(), lead.company(), lead.title())
        .anyMatch(field -> containsLowered(field, term));
  }

  private static boolean containsLowered(String field, String loweredPart) {
    return field != null && LowerCase.of(field).contains(loweredPart);
  }

  private static boolean isAfter(Instant value, Instant bound) {
    return bound == null || (value != null && value.isAfter(bound));
  }

  private static boolean isBefore(Instant value, Instant bound) {
    return bound == null || (value != null && value.isBefore(bound));
  }
}
