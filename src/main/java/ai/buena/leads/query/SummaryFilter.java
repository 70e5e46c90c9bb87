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
    if (!inTimeRanges(q, lead)) {
      return false;
    }
    for (String term : q.searchTerms()) {
      if (!contains(lead.firstName(), term)
          && !contains(lead.lastName(), term)
          && !contains(lead.email(), term)
          && !contains(lead.company(), term)
          && !contains(lead.title(), term)) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code lead} is within every time range {@code q} bounds. */
  static boolean inTimeRanges(LeadQuery q, LeadSummary lead) {
    return after(lead.createdAt(), q.createdAfter())
        && before(lead.createdAt(), q.createdBefore())
        && after(lead.lastContactedAt(), q.lastContactedAfter())
        && before(lead.lastContactedAt(), q.lastContactedBefore());
  }

  /** True when {@code q} bounds a time range. */
  static boolean timeBounded(LeadQuery q) {
    return q.createdAfter() != null
        || q.createdBefore() != null
        || q.lastContactedAfter() != null
        || q.lastContactedBefore() != null;
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
