package ai.buena.leads.index;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.IntFunction;

/**
 * The orders of an index of few leads ({@link WorkspaceIndex#ORDERS_FROM}): for each indexed field,
 * its docs in the field's ascending order in one {@code int[]}, each kept sorted by insertion. Most
 * indexes are a small workspace's share of a partition, a lead or two; six {@link RankedList}s
 * cost ~800 bytes there, these six arrays (shared where equal) 24–150. A read gets a {@link RankedList} of its own, made
 * from an array without comparing (a few dozen nanoseconds for a handful of leads).
 */
final class FewLeadOrders {
  private static final IndexedField[] FIELDS = IndexedField.values();
  private static final int[] NONE = new int[0];

  private final int[][] docsInOrder = new int[FIELDS.length][];

  FewLeadOrders() {
    Arrays.fill(docsInOrder, NONE);
  }

  /** Puts {@code lead} (its doc) in every order; {@code leadOf} gives the summaries of the docs there. */
  void add(LeadSummary lead, IntFunction<LeadSummary> leadOf) {
    for (IndexedField field : FIELDS) {
      int[] docs = docsInOrder[field.ordinal()];
      Comparator<LeadSummary> ascending = field.ascending();
      int at = 0;
      while (at < docs.length && ascending.compare(leadOf.apply(docs[at]), lead) < 0) {
        at++;
      }
      int[] more = new int[docs.length + 1];
      System.arraycopy(docs, 0, more, 0, at);
      more[at] = lead.doc;
      System.arraycopy(docs, at, more, at + 1, docs.length - at);
      docsInOrder[field.ordinal()] = shared(field.ordinal(), more);
    }
  }

  /** Takes {@code doc} out of every order. */
  void remove(int doc) {
    for (int field = 0; field < docsInOrder.length; field++) {
      int[] docs = docsInOrder[field];
      int at = 0;
      while (at < docs.length && docs[at] != doc) {
        at++;
      }
      if (at < docs.length) {
        int[] fewer = new int[docs.length - 1];
        System.arraycopy(docs, 0, fewer, 0, at);
        System.arraycopy(docs, at + 1, fewer, at, docs.length - at - 1);
        docsInOrder[field] = shared(field, fewer);
      }
    }
  }

  /** The docs in the ascending order of {@code field}: to read only. */
  int[] docs(IndexedField field) {
    return docsInOrder[field.ordinal()];
  }

  /** Replaces the order of {@code field} with the first {@code count} of {@code docs}, already in it. */
  void fill(IndexedField field, int[] docs, int count) {
    docsInOrder[field.ordinal()] = shared(field.ordinal(), Arrays.copyOf(docs, count));
  }

  /**
   * {@code docs}, or an equal array another order holds (the orders of a lead or two, or of
   * instants set together, are often the same): the arrays are never changed, only replaced.
   */
  private int[] shared(int field, int[] docs) {
    if (docs.length <= 1) {
      return docs.length == 0 ? NONE : FewIds.one(docs[0]);
    }
    for (int other = 0; other < docsInOrder.length; other++) {
      if (other != field && Arrays.equals(docsInOrder[other], docs)) {
        return docsInOrder[other];
      }
    }
    return docs;
  }

  /** A list of the leads in the order of {@code field}, for one read. */
  RankedList<LeadSummary> list(IndexedField field, IntFunction<LeadSummary> leadOf) {
    int[] docs = docsInOrder[field.ordinal()];
    RankedList<LeadSummary> list = new RankedList<>(field.ascending(), LeadSummary::doc, leadOf);
    list.fill(docs, docs.length);
    return list;
  }
}
