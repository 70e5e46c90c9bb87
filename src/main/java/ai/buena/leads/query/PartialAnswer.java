package ai.buena.leads.query;

import ai.buena.leads.lead.Lead;
import java.util.List;

/**
 * What one instance answers for the partitions it was asked about: how many leads match there, and
 * its first {@code offset + limit} matches in answer order, enough for the asking instance to merge.
 */
public record PartialAnswer(long total, List<Lead> first) {}
