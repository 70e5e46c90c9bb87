package ai.buena.leads.query;

import ai.buena.leads.index.LeadSummary;
import java.util.List;

/**
 * One partition's share of an answer: how many of its leads match, and its first {@code k} matches
 * in answer order (k = offset + limit), enough for any merge to find the page.
 */
record PartialResult(long total, List<LeadSummary> first) {}
