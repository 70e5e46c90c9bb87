package ai.buena.leads.query;

import ai.buena.leads.lead.Lead;
import java.util.List;
import java.util.Objects;

/**
 * One page of a leads answer: the page's leads in order, the pagination of the whole result, the
 * cursor of the next page (null when no lead follows this page), and how stale it may be (some
 * partitions read from standby copies).
 */
public record LeadPage(List<Lead> leads, Pagination pagination, String nextCursor, Staleness staleness) {

  public LeadPage {
    leads = List.copyOf(leads);
    Objects.requireNonNull(pagination, "pagination");
    Objects.requireNonNull(staleness, "staleness");
  }

  /** A page read from the partitions' actives only. */
  public LeadPage(List<Lead> leads, Pagination pagination, String nextCursor) {
    this(leads, pagination, nextCursor, Staleness.NONE);
  }

  public LeadPage withStaleness(Staleness staleness) {
    return new LeadPage(leads, pagination, nextCursor, staleness);
  }

  /**
   * The page of {@code q} from its first {@code limit + 1} leads (one more than the page, to know
   * whether a next page exists).
   */
  public static LeadPage of(LeadQuery q, List<Lead> pageAndOneMore, long total) {
    boolean more = pageAndOneMore.size() > q.limit();
    List<Lead> page = more ? pageAndOneMore.subList(0, q.limit()) : pageAndOneMore;
    String next = more ? Cursors.encode(q, page.get(page.size() - 1)) : null;
    return new LeadPage(page, Pagination.of(q.page(), q.limit(), total), next);
  }
}
