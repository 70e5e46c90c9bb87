package ai.buena.leads.query;

import ai.buena.leads.lead.Lead;
import java.util.List;
import java.util.Objects;

/**
 * One page of a leads answer: the page's leads in order, and the pagination of the whole result.
 */
public record LeadPage(List<Lead> leads, Pagination pagination) {

  public LeadPage {
    leads = List.copyOf(leads);
    Objects.requireNonNull(pagination, "pagination");
  }
}
