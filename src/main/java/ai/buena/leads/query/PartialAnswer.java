package ai.buena.leads.query;

import java.util.List;

/**
 * What one instance answers for the partitions it was asked about: how many leads match there, and
 * the answer-order positions (sort value and id) of its first {@code offset + limit + 1} matches,
 * enough for the asking instance to merge and find the page, then fetch only the page's leads; and
 * how stale that share may be (partitions it read from standby copies).
 */
public record PartialAnswer(long total, List<SortKey> first, Staleness staleness) {
  public PartialAnswer(long total, List<SortKey> first) {
    this(total, first, Staleness.NONE);
  }
}
