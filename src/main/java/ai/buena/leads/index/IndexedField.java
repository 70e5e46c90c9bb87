package ai.buena.leads.index;

import java.time.Instant;
import java.util.Comparator;

/**
 * The fields leads can be listed in order of. Each index keeps its leads ascending: values by code
 * point (text) or time, leads without a value after all others, ties by id (code point).
 */
public enum IndexedField {
  CREATED_AT,
  UPDATED_AT,
  FIRST_NAME,
  LAST_NAME,
  COMPANY,
  LAST_CONTACTED_AT;

  private final Comparator<LeadSummary> ascending =
      (a, b) -> {
        int byValue = compareValues(a.sortValue(this), b.sortValue(this));
        return byValue != 0 ? byValue : a.sortId().compareTo(b.sortId());
      };

  public Comparator<LeadSummary> ascending() {
    return ascending;
  }

  /** The smallest possible lead without a value: every lead without one sorts at or after it. */
  LeadSummary firstWithoutValue() {
    return probe(null);
  }

  /** A lead that sorts before every lead whose value is {@code value} or more (ascending). */
  public LeadSummary probe(Object value) {
    return probe(value, "");
  }

  /** A lead with only this field's value and an id: the position of a real lead in the order. */
  public LeadSummary probe(Object value, String id) {
    Instant time = value instanceof Instant t ? t : null;
    String text = value instanceof String t ? t : null;
    return new LeadSummary(
        id,
        null,
        null,
        this == FIRST_NAME ? text : null,
        this == LAST_NAME ? text : null,
        null,
        this == COMPANY ? text : null,
        null,
        this == CREATED_AT ? time : null,
        this == UPDATED_AT ? time : null,
        this == LAST_CONTACTED_AT ? time : null);
  }

  private static int compareValues(Object a, Object b) {
    if (a == null || b == null) {
      return Boolean.compare(a == null, b == null);
    }
    if (a instanceof Instant timeA) {
      return timeA.compareTo((Instant) b);
    }
    return ((String) a).compareTo((String) b);
  }
}
