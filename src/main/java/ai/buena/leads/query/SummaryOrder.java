package ai.buena.leads.query;

import ai.buena.leads.index.IndexedField;
import ai.buena.leads.index.LeadSummary;
import java.util.Comparator;

/** The answer order on summaries: the index's ascending order, or its reverse with nulls last. */
final class SummaryOrder {
  private SummaryOrder() {}

  static IndexedField field(SortField sortBy) {
    return IndexedField.valueOf(sortBy.name());
  }

  static Comparator<LeadSummary> comparator(SortField sortBy, SortOrder order) {
    IndexedField field = field(sortBy);
    Comparator<LeadSummary> ascending = field.ascending();
    if (order == SortOrder.ASC) {
      return ascending;
    }
    return (a, b) -> {
      boolean aMissing = a.value(field) == null;
      boolean bMissing = b.value(field) == null;
      if (aMissing != bMissing) {
        return aMissing ? 1 : -1;
      }
      return ascending.compare(b, a);
    };
  }
}
