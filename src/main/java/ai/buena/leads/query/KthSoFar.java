package ai.buena.leads.query;

import ai.buena.leads.index.LeadSummary;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code k}-th in answer order of the matches the partitions read so far gave: a bound past
 * which no match of a partition read next can be among the answer's first {@code k}. Null until
 * {@code k} matches were seen, and always null for a {@code k} above {@link #MAX_K}: keeping the
 * first {@code k} costs up to {@code k} comparisons a partition, more than the walks it would
 * shorten on a deep page ({@code status=new&limit=100&page=1000} spent half its CPU keeping them
 * in a heap, at a million leads).
 */
final class KthSoFar {
  static final int MAX_K = 4_096;
  private static final LeadSummary[] NONE = new LeadSummary[0];
  private final Comparator<LeadSummary> order;
  private final int k;
  /** The first {@code k} (or fewer) so far, in answer order. */
  private LeadSummary[] firstK = NONE;

  KthSoFar(Comparator<LeadSummary> order, int k) {
    this.order = order;
    this.k = k;
  }

  /**
   * Adds a partition's matches, in answer order: merged with the first {@code k} so far, a
   * comparison each, rather than a heap operation each.
   */
  void addAll(List<LeadSummary> inAnswerOrder) {
    int added = inAnswerOrder.size();
    if (k > MAX_K || added == 0) {
      return;
    }
    int held = firstK.length;
    if (held == k && order.compare(inAnswerOrder.get(0), firstK[k - 1]) >= 0) {
      return;
    }
    LeadSummary[] merged = new LeadSummary[(int) Math.min(k, (long) held + added)];
    int fromHeld = 0;
    int fromAdded = 0;
    for (int out = 0; out < merged.length; out++) {
      if (fromAdded == added
          || (fromHeld < held
              && order.compare(firstK[fromHeld], inAnswerOrder.get(fromAdded)) <= 0)) {
        merged[out] = firstK[fromHeld++];
      } else {
        merged[out] = inAnswerOrder.get(fromAdded++);
      }
    }
    firstK = merged;
  }

  /** The {@code k}-th match so far, or null while fewer than {@code k} were seen. */
  LeadSummary value() {
    return firstK.length < k ? null : firstK[k - 1];
  }
}
