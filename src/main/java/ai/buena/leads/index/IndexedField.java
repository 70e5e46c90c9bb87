package ai.buena.leads.index;

import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.Comparator;
import java.util.function.Function;

/**
 * The fields leads can be sorted by, one descriptor each, asked by every layer: its name in the
 * API ({@link #wire}), what it holds ({@link Kind}), its value on a lead ({@link #of(Lead)}, text
 * lower-cased by {@link LowerCase}) and on a summary ({@link LeadSummary#value}), and the answer
 * order of those values ({@link #compare}, {@link #ascending}, {@link #inAnswerOrder}).
 *
 * <p>The answer order: by value, text by Unicode code point and instants by time, ascending or
 * descending; leads without a value after all others in both directions; ties by id (code point)
 * in the same direction. Distinct ids never compare equal, so the order is total. Each index keeps
 * its leads in the ascending order. Summaries compare text recoded for {@link String#compareTo}
 * ({@link LeadSummary#codePointOrdered}), the same order, faster.
 */
public enum IndexedField {
  CREATED_AT("createdAt", Kind.TIME, Lead::createdAt),
  UPDATED_AT("updatedAt", Kind.TIME, Lead::updatedAt),
  FIRST_NAME("firstName", Kind.TEXT, Lead::firstName),
  LAST_NAME("lastName", Kind.TEXT, Lead::lastName),
  COMPANY("company", Kind.TEXT, Lead::company),
  LAST_CONTACTED_AT("lastContactedAt", Kind.TIME, Lead::lastContactedAt);

  /** What a field's values are; a sort value is a {@link String} or an {@link Instant}. */
  public enum Kind {
    TEXT(String.class),
    TIME(Instant.class);

    private final Class<?> type;

    Kind(Class<?> type) {
      this.type = type;
    }

    /** Whether {@code value} is a value of this kind. */
    public boolean holds(Object value) {
      return type.isInstance(value);
    }
  }

  private final String wire;
  private final Kind kind;
  private final Function<Lead, ?> valueOnLead;

  private final Comparator<LeadSummary> ascending =
      (a, b) -> {
        int byValue =
            kind() == Kind.TIME
                ? a.compareTime(this, b)
                : compareTexts(a.sortText(this), b.sortText(this));
        return byValue != 0 ? byValue : a.sortId().compareTo(b.sortId());
      };

  private final Comparator<LeadSummary> descending =
      (a, b) -> {
        boolean aMissing = !a.hasValue(this);
        boolean bMissing = !b.hasValue(this);
        if (aMissing != bMissing) {
          return aMissing ? 1 : -1;
        }
        return ascending.compare(b, a);
      };

  IndexedField(String wire, Kind kind, Function<Lead, ?> valueOnLead) {
    this.wire = wire;
    this.kind = kind;
    this.valueOnLead = valueOnLead;
  }

  /** The field's name in the API ({@code sortBy}). */
  public String wire() {
    return wire;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether {@code value} can be this field's sort value: null or a value of its kind. */
  public boolean accepts(Object value) {
    return value == null || kind.holds(value);
  }

  /** What {@code lead} sorts by on this field: lower-cased text, an instant, or null. */
  public Object of(Lead lead) {
    Object value = valueOnLead.apply(lead);
    return kind == Kind.TEXT ? LowerCase.of((String) value) : value;
  }

  /** Whether {@code lead} has a value of this field (leads without one sort last). */
  public boolean hasValue(LeadSummary lead) {
    return lead.hasValue(this);
  }

  /** Summaries in ascending order: the order every index keeps. */
  public Comparator<LeadSummary> ascending() {
    return ascending;
  }

  /** Summaries in the answer order: {@link #ascending()}, or descending with nulls still last. */
  public Comparator<LeadSummary> inAnswerOrder(boolean ascending) {
    return ascending ? this.ascending : descending;
  }

  /**
   * Two positions (sort value and id) in the answer order, whatever the field: values of one kind
   * or null, as {@link #of(Lead)} gives them.
   */
  public static int compare(
      Object valueA, String idA, Object valueB, String idB, boolean ascending) {
    int byValue = compareNullsLast(valueA, valueB, ascending);
    return byValue != 0 ? byValue : compareNullsLast(idA, idB, ascending);
  }

  private static int compareNullsLast(Object a, Object b, boolean ascending) {
    if (a == null || b == null) {
      return Boolean.compare(a == null, b == null);
    }
    int inAscendingOrder;
    if (a instanceof String textA && b instanceof String textB) {
      inAscendingOrder = CodePointOrder.compare(textA, textB);
    } else if (a instanceof Instant timeA && b instanceof Instant timeB) {
      inAscendingOrder = timeA.compareTo(timeB);
    } else {
      throw new IllegalArgumentException("cannot compare " + a + " with " + b);
    }
    return ascending ? inAscendingOrder : -inAscendingOrder;
  }

  /** The smallest possible lead without a value: every lead without one sorts at or after it. */
  LeadSummary firstWithoutValue() {
    return probe(null);
  }

  /** A lead that sorts before every lead whose value is {@code value} or more (ascending). */
  public LeadSummary probe(Object value) {
    return probe(value, "");
  }

  /**
   * A lead that sorts after every lead whose text is {@code text} and before every lead with a
   * greater text (ascending): {@code text} and a NUL, the smallest char there is, so no text sorts
   * between the two (a lead whose text is exactly that sorts after the probe, its id being longer).
   */
  public LeadSummary probeAfter(String text) {
    return probe(text + "\0", "");
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

  /** Text sort values of summaries ({@link LeadSummary#sortText}), absent ones last. */
  private static int compareTexts(String a, String b) {
    if (a == null || b == null) {
      return Boolean.compare(a == null, b == null);
    }
    return a.compareTo(b);
  }
}
