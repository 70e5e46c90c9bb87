package ai.buena.leads.query;

import ai.buena.leads.index.IndexedField;
import ai.buena.leads.lead.Lead;
import java.util.Comparator;

/**
 * The order of a leads answer over whole leads: the sort field's answer order ({@link
 * IndexedField#compare}: by value, nulls last in both directions, text lower-cased and by code
 * point, ties by id in the same direction).
 */
public final class LeadOrder {

  private LeadOrder() {}

  public static Comparator<Lead> comparator(SortField field, SortOrder order) {
    Comparator<SortKey> byKey = keyComparator(order);
    return (a, b) -> byKey.compare(sortKey(a, field), sortKey(b, field));
  }

  public static SortKey sortKey(Lead lead, SortField field) {
    return new SortKey(field.field().of(lead), lead.id());
  }

  public static Comparator<SortKey> keyComparator(SortOrder order) {
    boolean ascending = order == SortOrder.ASC;
    return (a, b) -> IndexedField.compare(a.value(), a.id(), b.value(), b.id(), ascending);
  }
}
