package ai.buena.leads.query;

import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;

/**
 * The order of a leads answer: by the sort field in the sort order, nulls last in both directions,
 * text lower-cased with {@code Locale.ROOT} and compared by code point, ties broken by id (by code
 * point) in the same direction. Distinct ids never compare equal, so the order is total.
 */
public final class LeadOrder {

  private LeadOrder() {}

  public static Comparator<Lead> comparator(SortField field, SortOrder order) {
    Comparator<SortKey> byKey = keyComparator(order);
    return (a, b) -> byKey.compare(sortKey(a, field), sortKey(b, field));
  }

  public static SortKey sortKey(Lead lead, SortField field) {
    return new SortKey(sortValue(lead, field), lead.id());
  }

  public static Comparator<SortKey> keyComparator(SortOrder order) {
    return (a, b) -> {
      int byValue = compareNullsLast(a.value(), b.value(), order);
      return byValue != 0 ? byValue : compareNullsLast(a.id(), b.id(), order);
    };
  }

  private static Object sortValue(Lead lead, SortField field) {
    return switch (field) {
      case CREATED_AT -> lead.createdAt();
      case UPDATED_AT -> lead.updatedAt();
      case LAST_CONTACTED_AT -> lead.lastContactedAt();
      case FIRST_NAME -> lower(lead.firstName());
      case LAST_NAME -> lower(lead.lastName());
      case COMPANY -> lower(lead.company());
    };
  }

  private static int compareNullsLast(Object a, Object b, SortOrder order) {
    if (a == null || b == null) {
      return Boolean.compare(a == null, b == null);
    }
    int ascending = compareNonNull(a, b);
    return order == SortOrder.ASC ? ascending : -ascending;
  }

  private static int compareNonNull(Object a, Object b) {
    if (a instanceof String textA && b instanceof String textB) {
      return CodePointOrder.compare(textA, textB);
    }
    if (a instanceof Instant timeA && b instanceof Instant timeB) {
      return timeA.compareTo(timeB);
    }
    throw new IllegalArgumentException("cannot compare " + a + " with " + b);
  }

  private static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }
}
