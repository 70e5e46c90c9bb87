package ai.buena.leads.query;

import ai.buena.leads.index.LeadSummary;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The {@code k}-th in answer order of the matches the partitions read so far gave: a bound past
 * which no match of a partition read next can be among the answer's first {@code k}. Null until
 * {@code k} matches were seen, and always null for a {@code k} above {@link #MAX_K}: keeping the
 * first {@code k} costs a heap operation per match, more than the walks it would shorten on a
 * deep page ({@code status=new&limit=100&page=1000} spent half its CPU here, at a million leads).
 */
final class KthSoFar {
  static final int MAX_K = 4_096;
  private final Comparator<LeadSummary> order;
  private final int k;
  private final PriorityQueue<LeadSummary> firstK;

  KthSoFar(Comparator<LeadSummary> order, int k) {
    this.order = order;
    this.k = k;
    this.firstK = new PriorityQueue<>(Math.min(k, 1024) + 1, order.reversed());
  }

  /** Adds a partition's matches (in answer order: once one cannot enter, none after it can). */
  void addAll(List<LeadSummary> inAnswerOrder) {
    if (k > MAX_K) {
      return;
    }
    for (LeadSummary lead : inAnswerOrder) {
      if (firstK.size() < k) {
        firstK.add(lead);
      } else if (order.compare(lead, firstK.peek()) < 0) {
        firstK.poll();
        firstK.add(lead);
      } else {
        return;
      }
    }
  }

  /** The {@code k}-th match so far, or null while fewer than {@code k} were seen. */
  LeadSummary value() {
    return firstK.size() < k ? null : firstK.peek();
  }
}
