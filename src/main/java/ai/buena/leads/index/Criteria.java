package ai.buena.leads.index;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import java.time.Instant;
import java.util.List;

/**
 * What {@link WorkspaceIndex#matching} selects by; a null (or, for {@code searchTerms}, empty)
 * criterion does not select. Text is lower-cased: {@code company} equals the company, {@code
 * titlePart} occurs in the title, each search term occurs in at least one {@link SearchedField};
 * times are exclusive bounds.
 */
public record Criteria(
    LeadStatus status,
    LeadSource source,
    String company,
    String titlePart,
    List<String> searchTerms,
    Instant createdAfter,
    Instant createdBefore,
    Instant lastContactedAfter,
    Instant lastContactedBefore) {

  /** True when only status (or nothing) selects: the counts per status answer the total. */
  public boolean statusAtMost() {
    return source == null
        && company == null
        && titlePart == null
        && searchTerms.isEmpty()
        && createdAfter == null
        && createdBefore == null
        && lastContactedAfter == null
        && lastContactedBefore == null;
  }
}
