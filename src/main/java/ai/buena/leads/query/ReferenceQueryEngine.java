package ai.buena.leads.query;

import ai.buena.leads.lead.Lead;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The leads query written straight from the contract, over leads held in memory: keep the
 * workspace's leads, filter, sort, cut the page. Deliberately plain; it is the oracle faster
 * engines are checked against.
 */
public final class ReferenceQueryEngine {

  private final List<Lead> leads;

  public ReferenceQueryEngine(Collection<Lead> leads) {
    this.leads = List.copyOf(leads);
  }

  public LeadPage query(String workspaceId, LeadQuery q) {
    Objects.requireNonNull(workspaceId, "workspaceId");
    List<Lead> matching =
        leads.stream()
            .filter(lead -> workspaceId.equals(lead.workspaceId()))
            .filter(lead -> LeadFilter.matches(q, lead))
            .sorted(LeadOrder.comparator(q.sortBy(), q.sortOrder()))
            .toList();
    Stream<Lead> from = matching.stream();
    if (q.after() != null) {
      Comparator<SortKey> keys = LeadOrder.keyComparator(q.sortOrder());
      from = from.filter(lead -> keys.compare(LeadOrder.sortKey(lead, q.sortBy()), q.after()) > 0);
    }
    long offset = (long) (q.page() - 1) * q.limit();
    List<Lead> pageAndOneMore = from.skip(offset).limit(q.limit() + 1L).toList();
    return LeadPage.of(q, pageAndOneMore, matching.size());
  }
}
