package ai.buena.leads.query;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.IndexedField;
import ai.buena.leads.index.LowerCase;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * One filter of the leads query, described once: its parameter, the {@link Kind} of value it takes
 * (which says how the HTTP edge parses it, how it travels between instances and in a cursor's
 * fingerprint), where {@link LeadQuery} keeps it, and whether a lead matches it (the contract's
 * rule, as the reference engine applies it). {@link #ALL} lists them in the order of the
 * contract's table, the order every layer reads and writes them in. The index answers each with
 * its own structure ({@link PartitionPlanner#criteria}).
 *
 * <p>Text filters match lower-cased ({@link LowerCase}); a lead without the field never matches.
 * Time bounds are strict; a lead without the bounded timestamp never matches a bound on it.
 */
public final class QueryFilter<T> {

  /** What a filter's value is; the value of an absent filter is null (an empty list for terms). */
  public enum Kind {
    STATUS,
    SOURCE,
    /** Search terms: each must occur in one of the searched fields. */
    TERMS,
    TEXT,
    TIME
  }

  public static final QueryFilter<LeadStatus> STATUS =
      new QueryFilter<>(
          "status",
          Kind.STATUS,
          LeadQuery::status,
          LeadQuery.Builder::status,
          (status, lead) -> status == lead.status());
  public static final QueryFilter<LeadSource> SOURCE =
      new QueryFilter<>(
          "source",
          Kind.SOURCE,
          LeadQuery::source,
          LeadQuery.Builder::source,
          (source, lead) -> source == lead.source());
  public static final QueryFilter<List<String>> SEARCH =
      new QueryFilter<>(
          "search",
          Kind.TERMS,
          LeadQuery::searchTerms,
          LeadQuery.Builder::searchTerms,
          QueryFilter::allTermsFound);
  public static final QueryFilter<String> COMPANY =
      new QueryFilter<>(
          "company",
          Kind.TEXT,
          LeadQuery::company,
          LeadQuery.Builder::company,
          (company, lead) -> company.equals(LowerCase.of(lead.company())));
  public static final QueryFilter<String> TITLE =
      new QueryFilter<>(
          "title",
          Kind.TEXT,
          LeadQuery::title,
          LeadQuery.Builder::title,
          (titlePart, lead) -> containsLowered(lead.title(), titlePart));
  public static final QueryFilter<Instant> CREATED_AFTER =
      timeBound(
          "createdAfter",
          IndexedField.CREATED_AT,
          Bound.LOWER,
          LeadQuery::createdAfter,
          LeadQuery.Builder::createdAfter);
  public static final QueryFilter<Instant> CREATED_BEFORE =
      timeBound(
          "createdBefore",
          IndexedField.CREATED_AT,
          Bound.UPPER,
          LeadQuery::createdBefore,
          LeadQuery.Builder::createdBefore);
  public static final QueryFilter<Instant> LAST_CONTACTED_AFTER =
      timeBound(
          "lastContactedAfter",
          IndexedField.LAST_CONTACTED_AT,
          Bound.LOWER,
          LeadQuery::lastContactedAfter,
          LeadQuery.Builder::lastContactedAfter);
  public static final QueryFilter<Instant> LAST_CONTACTED_BEFORE =
      timeBound(
          "lastContactedBefore",
          IndexedField.LAST_CONTACTED_AT,
          Bound.UPPER,
          LeadQuery::lastContactedBefore,
          LeadQuery.Builder::lastContactedBefore);

  /** Every filter, in the order of the contract's table. */
  public static final List<QueryFilter<?>> ALL =
      List.of(
          STATUS,
          SOURCE,
          SEARCH,
          COMPANY,
          TITLE,
          CREATED_AFTER,
          CREATED_BEFORE,
          LAST_CONTACTED_AFTER,
          LAST_CONTACTED_BEFORE);

  private final String param;
  private final Kind kind;
  private final Function<LeadQuery, T> value;
  private final BiFunction<LeadQuery.Builder, T, LeadQuery.Builder> setter;
  private final BiPredicate<T, Lead> matches;
  /** For a time bound: the sort field it bounds (its ordered index is walked from the bound). */
  private final IndexedField boundedField;
  private final Bound bound;

  /** Which end of a time range a time filter is (both exclusive). */
  private enum Bound {
    LOWER,
    UPPER
  }

  private QueryFilter(
      String param,
      Kind kind,
      Function<LeadQuery, T> value,
      BiFunction<LeadQuery.Builder, T, LeadQuery.Builder> setter,
      BiPredicate<T, Lead> matches) {
    this(param, kind, value, setter, matches, null, null);
  }

  private QueryFilter(
      String param,
      Kind kind,
      Function<LeadQuery, T> value,
      BiFunction<LeadQuery.Builder, T, LeadQuery.Builder> setter,
      BiPredicate<T, Lead> matches,
      IndexedField boundedField,
      Bound bound) {
    this.param = param;
    this.kind = kind;
    this.value = value;
    this.setter = setter;
    this.matches = matches;
    this.boundedField = boundedField;
    this.bound = bound;
  }

  /** A strict bound on a time field's value: a lead without the value never matches it. */
  private static QueryFilter<Instant> timeBound(
      String param,
      IndexedField boundedField,
      Bound bound,
      Function<LeadQuery, Instant> value,
      BiFunction<LeadQuery.Builder, Instant, LeadQuery.Builder> setter) {
    BiPredicate<Instant, Lead> within =
        (limit, lead) -> {
          Instant time = (Instant) boundedField.of(lead);
          return time != null && (bound == Bound.LOWER ? time.isAfter(limit) : time.isBefore(limit));
        };
    return new QueryFilter<>(param, Kind.TIME, value, setter, within, boundedField, bound);
  }

  /** The exclusive lower bound {@code q} puts on {@code field}'s values, or null. */
  static Instant lowerBound(LeadQuery q, IndexedField field) {
    return boundOf(q, field, Bound.LOWER);
  }

  /** The exclusive upper bound {@code q} puts on {@code field}'s values, or null. */
  static Instant upperBound(LeadQuery q, IndexedField field) {
    return boundOf(q, field, Bound.UPPER);
  }

  /**
   * The one value {@code q} allows for the text field {@code field} ({@code company=} sorted by
   * {@code company}: lower-cased, as the field sorts by it), or null: its matches are then the run
   * of that value in the field's order.
   */
  static String equalOnSortField(LeadQuery q, IndexedField field) {
    return field == IndexedField.COMPANY ? q.company() : null;
  }

  /** Whether {@code q} filters by nothing but at least one time bound on {@code field}. */
  static boolean onlyBoundsOn(LeadQuery q, IndexedField field) {
    return onlyBoundsOn(q, field, false);
  }

  /** As {@link #onlyBoundsOn(LeadQuery, IndexedField)}, with a status filter or without. */
  static boolean onlyStatusAndBoundsOn(LeadQuery q, IndexedField field) {
    return onlyBoundsOn(q, field, true);
  }

  private static boolean onlyBoundsOn(LeadQuery q, IndexedField field, boolean statusToo) {
    boolean bounded = false;
    for (QueryFilter<?> filter : ALL) {
      if (filter.isSetIn(q) && !(statusToo && filter == STATUS)) {
        if (filter.boundedField != field) {
          return false;
        }
        bounded = true;
      }
    }
    return bounded;
  }

  private boolean isSetIn(LeadQuery q) {
    Object set = value.apply(q);
    return set != null && !(set instanceof List<?> terms && terms.isEmpty());
  }

  private static Instant boundOf(LeadQuery q, IndexedField field, Bound end) {
    for (QueryFilter<?> filter : ALL) {
      if (filter.boundedField == field && filter.bound == end) {
        return (Instant) filter.valueIn(q);
      }
    }
    return null;
  }

  /** The query parameter's name. */
  public String param() {
    return param;
  }

  public Kind kind() {
    return kind;
  }

  /** This filter's value in {@code q}: null when absent (an empty list for terms). */
  public T valueIn(LeadQuery q) {
    return value.apply(q);
  }

  /**
   * Sets this filter on {@code query} to {@code value}, a value of this filter's {@link Kind}
   * (what the edge parsed or another instance sent).
   *
   * @throws ClassCastException when {@code value} is of another kind
   */
  @SuppressWarnings("unchecked")
  public void set(LeadQuery.Builder query, Object value) {
    setter.apply(query, (T) value);
  }

  /** Whether {@code q} filters on this: its value is given (terms: at least one). */
  public boolean isGiven(LeadQuery q) {
    T given = valueIn(q);
    return given != null && !(given instanceof List<?> terms && terms.isEmpty());
  }

  /** Whether {@code lead} passes this filter of {@code q}; every lead passes an absent filter. */
  public boolean matches(LeadQuery q, Lead lead) {
    return !isGiven(q) || matches.test(valueIn(q), lead);
  }

  /**
   * This filter of {@code q} as text for a cursor's fingerprint: {@code null} when absent, terms
   * joined by U+0001, the filters by U+0000 ({@link Cursors}). A value that could be mistaken for
   * absence or hold a separator is escaped ({@link #unambiguous}); every other value is written as
   * is, so the cursors minted before the escape was added stay valid.
   */
  String fingerprint(LeadQuery q) {
    T given = valueIn(q);
    return given instanceof List<?> terms
        ? String.join("\u0001", terms.stream().map(term -> unambiguous(term.toString())).toList())
        : given == null ? "null" : unambiguous(given.toString());
  }

  /**
   * {@code value}, or, when it is {@code "null"} or holds U+0000, U+0001 or U+0002, U+0002
   * followed by it with each of those three written as U+0002 and a digit: no two values, and no
   * value and absence, give the same text.
   */
  static String unambiguous(String value) {
    boolean plain = !value.equals("null");
    for (int i = 0; plain && i < value.length(); i++) {
      plain = value.charAt(i) > '\u0002';
    }
    if (plain) {
      return value;
    }
    StringBuilder escaped = new StringBuilder(value.length() + 4).append('\u0002');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= '\u0002') {
        escaped.append('\u0002').append((char) ('0' + c));
      } else {
        escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /**
   * Every term in some searched field; each field lower-cased at most once, when a term first
   * needs it, not once per term.
   */
  private static boolean allTermsFound(List<String> terms, Lead lead) {
    String[] fields = {lead.firstName(), lead.lastName(), lead.email(), lead.company(), lead.title()};
    boolean[] lowered = new boolean[fields.length];
    for (String term : terms) {
      boolean found = false;
      for (int i = 0; i < fields.length && !found; i++) {
        if (fields[i] == null) {
          continue;
        }
        if (!lowered[i]) {
          fields[i] = LowerCase.of(fields[i]);
          lowered[i] = true;
        }
        found = fields[i].contains(term);
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private static boolean containsLowered(String field, String loweredPart) {
    return field != null && LowerCase.of(field).contains(loweredPart);
  }

  @Override
  public String toString() {
    return param;
  }
}
