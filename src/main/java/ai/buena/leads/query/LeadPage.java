package ai.buena.leads.query;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.StoredLeads;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * One page of a leads answer: the page's leads in order, the pagination of the whole result, the
 * cursor of the next page (null when no lead follows this page), and how stale it may be (some
 * partitions read from standby copies). Leads read from this instance's stores come as {@link
 * StoredLeads} (immutable, decoded only when asked), kept as they are.
 */
public record LeadPage(List<Lead> leads, Pagination pagination, String nextCursor, Staleness staleness) {

  public LeadPage {
    leads = leads instanceof StoredLeads stored ? stored : List.copyOf(leads);
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
    return of(q, pageAndOneMore, total, at -> LeadOrder.sortKey(pageAndOneMore.get(at), q.sortBy()));
  }

  /**
   * {@link #of(LeadQuery, List, long)}, where {@code positionAt} gives the sort key of the lead at
   * a position (as the index knows it), so the next cursor needs no lead decoded.
   */
  public static LeadPage of(
      LeadQuery q, List<Lead> pageAndOneMore, long total, IntFunction<SortKey> positionAt) {
    boolean more = pageAndOneMore.size() > q.limit();
    List<Lead> page = more ? first(pageAndOneMore, q.limit()) : pageAndOneMore;
    String next = more ? Cursors.encode(q, positionAt.apply(page.size() - 1)) : null;
    return new LeadPage(page, Pagination.of(q.page(), q.limit(), total), next);
  }

  private static List<Lead> first(List<Lead> leads, int count) {
    return leads instanceof StoredLeads stored ? stored.first(count) : leads.subList(0, count);
  }
}
