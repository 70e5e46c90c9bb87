package ai.buena.leads.index;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link WorkspaceIndex#matchingToRead} selects by; a null (or, for {@code searchTerms}, empty)
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

  public Criteria {
    searchTerms = essential(searchTerms == null ? List.of() : searchTerms, company, titlePart);
  }

  /**
   * The terms that select anything beyond the others: a term that occurs in a longer term (or
   * equals an earlier one) occurs in every field value that holds that term, and a term that
   * occurs in {@code company} or {@code titlePart} occurs in the company or title of every lead
   * those filters keep. Text is lower-cased, so containment carries over from value to term.
   */
  static List<String> essential(List<String> terms, String company, String titlePart) {
    List<String> kept = new ArrayList<>(terms.size());
    for (int i = 0; i < terms.size(); i++) {
      String term = terms.get(i);
      if (impliedBy(term, company) || impliedBy(term, titlePart)) {
        continue;
      }
      boolean implied = false;
      for (int j = 0; j < terms.size() && !implied; j++) {
        String other = terms.get(j);
        implied = j != i && other.contains(term) && (other.length() > term.length() || j < i);
      }
      if (!implied) {
        kept.add(term);
      }
    }
    return kept.size() == terms.size() ? List.copyOf(terms) : List.copyOf(kept);
  }

  private static boolean impliedBy(String term, String filter) {
    return filter != null && filter.contains(term);
  }

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
