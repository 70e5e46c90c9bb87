package ai.buena.leads.query;

import ai.buena.leads.index.LeadSummary;
import java.time.Instant;

/** {@link LeadFilter}'s rules on a {@link LeadSummary}, whose text is already lower-cased. */
final class SummaryFilter {
  private SummaryFilter() {}

  static boolean matches(LeadQuery q, LeadSummary lead) {
    if (q.status() != null && q.status() != lead.status()) {
      return false;
    }
    if (q.source() != null && q.source() != lead.source()) {
      return false;
    }
    if (q.company() != null && !q.company().equals(lead.company())) {
      return false;
    }
    if (q.title() != null && (lead.title() == null || !lead.title().contains(q.title()))) {
      return false;
    }
    if (!after(lead.createdAt(), q.createdAfter())
        || !before(lead.createdAt(), q.createdBefore())
        || !after(lead.lastContactedAt(), q.lastContactedAfter())
        || !before(lead.lastContactedAt(), q.lastContactedBefore())) {
      return false;
    }
    String text = lead.searchText();
    for (String term : q.searchTerms()) {
      if (term.indexOf('\u0000') < 0) {
        if (!text.contains(term)) {
          return false;
        }
      } else if (!contains(lead.firstName(), term)
          && !contains(lead.lastName(), term)
          && !contains(lead.email(), term)
          && !contains(lead.company(), term)
          && !contains(lead.title(), term)) {
        return false;
      }
    }
    return true;
  }

  /** True when only status (or nothing) filters: counts per status answer the total. */
  static boolean countedByStatus(LeadQuery q) {
    return q.source() == null
        && q.company() == null
        && q.title() == null
        && q.createdAfter() == null
        && q.createdBefore() == null
        && q.lastContactedAfter() == null
        && q.lastContactedBefore() == null
        && q.searchTerms().isEmpty();
  }

  private static boolean contains(String field, String term) {
    return field != null && field.contains(term);
  }

  private static boolean after(Instant value, Instant bound) {
    return bound == null || (value != null && value.isAfter(bound));
  }

  private static boolean before(Instant value, Instant bound) {
    return bound == null || (value != null && value.isBefore(bound));
  }
}
