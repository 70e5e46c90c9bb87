package ai.buena.leads.query;

import ai.buena.leads.index.LeadSummary;
import ai.buena.leads.index.WorkspaceIndex.AnswerOrder;
import java.util.List;

/**
 * Where a deep page starts in each of several answer orders whose union is the answer, found by
 * positions instead of by walking past the skipped leads: a pivot from the widest remaining range,
 * its position in the union counted by rank in every order, the ranges halved around it. Costs
 * about {@code n² log² size} comparisons for {@code n} orders, whatever the offset.
 */
final class OffsetSelection {
  private OffsetSelection() {}

  /**
   * For each order, how many of its leads come before position {@code offset} of the union (no
   * lead is in two orders). {@code offset} at or past the union's size gives every order's size.
   */
  static int[] startsAt(List<AnswerOrder> orders, long offset) {
    return startsAmong(orders.stream().<Ranks>map(OfOrder::new).toList(), offset);
  }

  /** The leads of one order by position, and how many of them come before any lead. */
  interface Ranks {
    int size();

    LeadSummary get(int position);

    /** How many of this order's leads come before {@code lead}, which may belong to another order. */
    int countBefore(LeadSummary lead);
  }

  private record OfOrder(AnswerOrder order) implements Ranks {
    @Override
    public int size() {
      return order.size();
    }

    @Override
    public LeadSummary get(int position) {
      return order.get(position);
    }

    @Override
    public int countBefore(LeadSummary lead) {
      return order.countBefore(lead);
    }
  }

  /** {@link #startsAt(List, long)} over any orders that answer by position and rank. */
  static int[] startsAmong(List<? extends Ranks> orders, long offset) {
    int n = orders.size();
    int[] low = new int[n];
    int[] high = new int[n];
    if (n == 0) {
      return low;
    }
    for (int i = 0; i < n; i++) {
      high[i] = orders.get(i).size();
    }
    while (true) {
      int widest = widest(low, high);
      if (high[widest] == low[widest]) {
        return low;
      }
      int middle = (low[widest] + high[widest]) >>> 1;
      LeadSummary pivot = orders.get(widest).get(middle);
      int[] before = new int[n];
      long position = 0;
      for (int i = 0; i < n; i++) {
        before[i] = i == widest ? middle : orders.get(i).countBefore(pivot);
        position += before[i];
      }
      if (position == offset) {
        return before;
      }
      for (int i = 0; i < n; i++) {
        if (position < offset) {
          low[i] = Math.max(low[i], i == widest ? middle + 1 : before[i]);
        } else {
          high[i] = Math.min(high[i], before[i]);
        }
      }
    }
  }

  private static int widest(int[] low, int[] high) {
    int widest = 0;
    for (int i = 1; i < low.length; i++) {
      if (high[i] - low[i] > high[widest] - low[widest]) {
        widest = i;
      }
    }
    return widest;
  }
}
