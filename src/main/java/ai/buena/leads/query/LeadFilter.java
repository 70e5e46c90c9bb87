package ai.buena.leads.query;

import ai.buena.leads.lead.Lead;

/**
 * Whether a lead matches every filter of a {@link LeadQuery} (all filters combine with AND), each
 * by its {@link QueryFilter}'s rule.
 *
 * <p>Time bounds are strict; a lead without the bounded timestamp never matches a bound on it. A
 * lead without {@code company} or {@code title} never matches a filter on it.
 */
public final class LeadFilter {

  private LeadFilter() {}

  public static boolean matches(LeadQuery q, Lead lead) {
    for (QueryFilter<?> filter : QueryFilter.ALL) {
      if (!filter.matches(q, lead)) {
        return false;
      }
    }
    return true;
  }
}
