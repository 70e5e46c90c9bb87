package ai.buena.leads.query;

import java.util.List;

/**
 * What one instance answers for the partitions it was asked about: how many leads match there, and
 * the answer-order positions (sort value and id) of its first {@code offset + limit + 1} matches,
 * enough for the asking instance to merge and find the page, then fetch only the page's leads; and
 * how stale that share may be (partitions it read from standby copies).
 *
 * <p>When asked for them, {@code leads} holds the stored JSON of the leads at those positions, in
 * the same order, read under the same locks as the positions: the asking instance then needs no
 * second call for the page. Empty when not asked, or when a partition changed between the
 * positions and the leads (the asking instance then reads the page's leads as without them).
 *
 * <p>Asked for a {@link Window}, {@code first} is instead the run of matches from position {@code
 * from} of the instance's matches in answer order ({@code from} is 0 otherwise).
 */
public record PartialAnswer(
    long total, List<SortKey> first, Staleness staleness, List<byte[]> leads, long from) {
  public PartialAnswer {
    if (!leads.isEmpty() && leads.size() != first.size()) {
      throw new IllegalArgumentException(
          leads.size() + " leads for " + first.size() + " positions");
    }
    if (from < 0 || from + first.size() > total) {
      throw new IllegalArgumentException(
          first.size() + " positions from " + from + " of " + total + " matches");
    }
  }

  public PartialAnswer(long total, List<SortKey> first, Staleness staleness, List<byte[]> leads) {
    this(total, first, staleness, leads, 0);
  }

  public PartialAnswer(long total, List<SortKey> first, Staleness staleness) {
    this(total, first, staleness, List.of());
  }

  public PartialAnswer(long total, List<SortKey> first) {
    this(total, first, Staleness.NONE);
  }

  /** Whether the stored JSON of the lead at every position came with the answer. */
  public boolean hasLeads() {
    return leads.size() == first.size();
  }
}
