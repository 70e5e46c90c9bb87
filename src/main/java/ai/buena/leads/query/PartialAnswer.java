package ai.buena.leads.query;

import java.util.List;

/**
 * What one instance answers for the partitions it was asked about: how many leads match there, and
 * the answer-order positions (sort value and id) of its first {@code offset + limit + 1} matches,
 * enough for the asking instance to merge and find the page, then fetch only the page's leads.
 */
public record PartialAnswer(long total, List<SortKey> first) {}
