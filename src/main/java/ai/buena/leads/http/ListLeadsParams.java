package ai.buena.leads.http;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.query.Cursors;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.QueryFilter;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortKey;
import ai.buena.leads.query.SortOrder;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the query parameters of {@code GET /api/v2/leads}, as the HTTP server decoded them, into a
 * {@link LeadQuery}, or names every invalid parameter with its message from the contract, in the
 * order of the contract's table.
 *
 * <p>Where the contract is silent:
 *
 * <ul>
 *   <li>Parameter names are case-sensitive; unknown names ({@code Limit} included) are ignored.
 *   <li>A known parameter given more than once is invalid with {@code Must be given once}, whatever
 *       its values. A name mapped to no value at all counts as absent.
 *   <li>A present but empty value ({@code ?status=} or {@code ?status}) is invalid, with the
 *       parameter's normal message. Values are taken as received: {@code status=%20new} is invalid.
 *   <li>{@code page} and {@code limit} are plain ASCII decimal digits: no sign, fraction, exponent
 *       or space; leading zeros are allowed. {@code page} accepts any such number from 1 up to 100
 *       digits (a page past the end answers an empty page); anything else, {@code 0}, {@code -1},
 *       {@code +1}, {@code 1.5} or 101 digits, is {@code Must be an integer of at least 1}. {@code limit}
 *       accepts 1 to 100; anything else, a non-integer included, is {@code Must be between 1 and
 *       100}.
 *   <li>Lengths count Unicode code points.
 *   <li>{@code search} is stripped of leading and trailing whitespace ({@link
 *       Character#isWhitespace}), must then be 2 to 200 code points long, and is split on runs of
 *       the same whitespace into terms.
 *   <li>{@code company} and {@code title} are taken as given, not trimmed.
 *   <li>Dates: the forms of {@link IsoInstants}.
 * </ul>
 */
public final class ListLeadsParams {

  public static final String PAGE = "page";
  public static final String LIMIT = "limit";
  public static final String STATUS = "status";
  public static final String SOURCE = "source";
  public static final String SEARCH = "search";
  public static final String COMPANY = "company";
  public static final String TITLE = "title";
  public static final String CREATED_AFTER = "createdAfter";
  public static final String CREATED_BEFORE = "createdBefore";
  public static final String LAST_CONTACTED_AFTER = "lastContactedAfter";
  public static final String LAST_CONTACTED_BEFORE = "lastContactedBefore";
  public static final String SORT_BY = "sortBy";
  public static final String SORT_ORDER = "sortOrder";
  /** An extension of the public page: continue after the last lead of a previous answer. */
  public static final String CURSOR = "cursor";
  static final String CURSOR_MESSAGE = "Must be a nextCursor of a previous answer to the same query";
  static final String PAGE_WITH_CURSOR_MESSAGE = "Must not be given with cursor";

  private static final String PAGE_MESSAGE = "Must be an integer of at least 1";
  private static final String LIMIT_MESSAGE = "Must be between 1 and 100";
  private static final String STATUS_MESSAGE =
      "Must be one of: new, contacted, replied, converted, cold";
  private static final String SOURCE_MESSAGE =
      "Must be one of: linkedin, website, referral, import, api";
  private static final String SEARCH_MESSAGE = "Must be between 2 and 200 characters";
  private static final String TEXT_FILTER_MESSAGE = "Must be between 1 and 200 characters";
  private static final String DATE_MESSAGE = "Must be an ISO 8601 date or date-time";
  private static final String SORT_BY_MESSAGE =
      "Must be one of: createdAt, updatedAt, firstName, lastName, company, lastContactedAt";
  private static final String SORT_ORDER_MESSAGE = "Must be one of: asc, desc";
  private static final String DUPLICATE_MESSAGE = "Must be given once";

  private static final Pattern DECIMAL_DIGITS = Pattern.compile("[0-9]+");
  private static final BigInteger MAX_PAGE = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final int MAX_PAGE_DIGITS = 100;
  private static final int MAX_TEXT_LENGTH = 200;

  private ListLeadsParams() {}

  /** Either the valid query or every invalid parameter. */
  public sealed interface ParseResult {

    /**
     * @param pageBeyondInt the {@code page} asked for when it is past {@link Integer#MAX_VALUE}
     *     (then {@code query} asks for page {@link Integer#MAX_VALUE}, past the end of any
     *     workspace, and the answer echoes this number); null otherwise
     */
    record Valid(LeadQuery query, BigInteger pageBeyondInt) implements ParseResult {
      public Valid(LeadQuery query) {
        this(query, null);
      }
    }

    /** Parameter name to message, in the order of the contract's table. */
    record Invalid(Map<String, String> invalidParams) implements ParseResult {
      public Invalid {
        invalidParams = Collections.unmodifiableMap(new LinkedHashMap<>(invalidParams));
      }
    }
  }

  /**
   * @param cursors checks the signature of a {@code cursor} before it is decoded
   */
  public static ParseResult parse(Map<String, List<String>> raw, CursorSignatures cursors) {
    ParamReader params = new ParamReader(raw);
    LeadQuery.Builder query = LeadQuery.builder();
    Optional<BigInteger> page = params.read(PAGE, PAGE_MESSAGE, ListLeadsParams::pageNumber);
    page.ifPresent(number -> query.page(number.min(MAX_PAGE).intValueExact()));
    params
        .read(LIMIT, LIMIT_MESSAGE, text -> integer(text, 1, LeadQuery.MAX_LIMIT))
        .ifPresent(query::limit);
    for (QueryFilter<?> filter : QueryFilter.ALL) {
      params
          .read(filter.param(), message(filter.kind()), text -> parse(filter.kind(), text))
          .ifPresent(value -> filter.set(query, value));
    }
    params.read(SORT_BY, SORT_BY_MESSAGE, SortField::fromWire).ifPresent(query::sortBy);
    params.read(SORT_ORDER, SORT_ORDER_MESSAGE, SortOrder::fromWire).ifPresent(query::sortOrder);
    Optional<String> cursor = params.read(CURSOR, CURSOR_MESSAGE, Optional::of);
    if (cursor.isPresent()) {
      if (raw.containsKey(PAGE)) {
        params.invalidParams.putIfAbsent(PAGE, PAGE_WITH_CURSOR_MESSAGE);
      }
      // a forged or garbled cursor is named beside the other problems; whether a signed one
      // belongs to this query can be told once its filters and order are valid (the cursor does
      // not depend on the page or the page size)
      Optional<String> signed = cursors.verified(cursor.get());
      if (signed.isEmpty()) {
        params.invalidParams.put(CURSOR, CURSOR_MESSAGE);
      } else if (Set.of(PAGE, LIMIT).containsAll(params.invalidParams.keySet())) {
        Optional<SortKey> position = signed.flatMap(c -> Cursors.decode(c, query.build()));
        if (position.isPresent()) {
          query.after(position.get());
        } else {
          params.invalidParams.put(CURSOR, CURSOR_MESSAGE);
        }
      }
    }
    return params.invalidParams.isEmpty()
        ? new ParseResult.Valid(
            query.build(), page.filter(number -> number.compareTo(MAX_PAGE) > 0).orElse(null))
        : new ParseResult.Invalid(params.inTableOrder());
  }

  /**
   * A page number: decimal digits, at least 1, of at most {@link #MAX_PAGE_DIGITS} digits (leading
   * zeros aside): a page that large is past the end of any workspace, and a longer number would be
   * echoed into answers that common JSON parsers refuse (Jackson's limit is 1,000 digits).
   */
  private static Optional<BigInteger> pageNumber(String text) {
    if (!DECIMAL_DIGITS.matcher(text).matches()) {
      return Optional.empty();
    }
    int firstDigit = 0;
    while (firstDigit < text.length() - 1 && text.charAt(firstDigit) == '0') {
      firstDigit++;
    }
    if (text.length() - firstDigit > MAX_PAGE_DIGITS) {
      return Optional.empty();
    }
    BigInteger value = new BigInteger(text);
    return value.signum() > 0 ? Optional.of(value) : Optional.empty();
  }

  /** The contract's message for an invalid value of a filter of {@code kind}. */
  private static String message(QueryFilter.Kind kind) {
    return switch (kind) {
      case STATUS -> STATUS_MESSAGE;
      case SOURCE -> SOURCE_MESSAGE;
      case TERMS -> SEARCH_MESSAGE;
      case TEXT -> TEXT_FILTER_MESSAGE;
      case TIME -> DATE_MESSAGE;
    };
  }

  /** A filter's value of {@code kind} as {@link QueryFilter#set} takes it, or empty if invalid. */
  private static Optional<Object> parse(QueryFilter.Kind kind, String text) {
    Optional<?> parsed =
        switch (kind) {
          case STATUS -> LeadStatus.fromWire(text);
          case SOURCE -> LeadSource.fromWire(text);
          case TERMS -> searchTerms(text);
          case TEXT -> textFilter(text);
          case TIME -> IsoInstants.parse(text);
        };
    return parsed.map(Object.class::cast);
  }

  private static Optional<Integer> integer(String text, int min, int max) {
    if (!DECIMAL_DIGITS.matcher(text).matches()) {
      return Optional.empty();
    }
    try {
      int value = Integer.parseInt(text);
      return value >= min && value <= max ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException beyondInt) {
      return Optional.empty();
    }
  }

  private static Optional<List<String>> searchTerms(String text) {
    List<String> terms = new ArrayList<>();
    int start = -1;
    int first = -1;
    int end = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || isSpace(text.charAt(i))) {
        if (start >= 0) {
          terms.add(text.substring(start, i));
          end = i;
          start = -1;
        }
      } else if (start < 0) {
        start = i;
        first = first < 0 ? i : first;
      }
    }
    int length = first < 0 ? 0 : text.codePointCount(first, end);
    if (length < 2 || length > MAX_TEXT_LENGTH) {
      return Optional.empty();
    }
    return Optional.of(terms);
  }

  /** A no-break space pasted from a web page separates terms as a space does. */
  private static boolean isSpace(char c) {
    return UnicodeSpace.isSpace(c);
  }

  private static Optional<String> textFilter(String text) {
    int length = codePointLength(text);
    return length >= 1 && length <= MAX_TEXT_LENGTH ? Optional.of(text) : Optional.empty();
  }

  private static int codePointLength(String text) {
    return text.codePointCount(0, text.length());
  }

  private static final class ParamReader {
    private final Map<String, List<String>> raw;
    private final Map<String, String> invalidParams = new LinkedHashMap<>();

    ParamReader(Map<String, List<String>> raw) {
      this.raw = raw;
    }

    /**
     * The problems in the order of the contract's table: {@code page} comes first, also when it
     * is named last for being given with a cursor.
     */
    Map<String, String> inTableOrder() {
      Map<String, String> ordered = new LinkedHashMap<>();
      if (invalidParams.containsKey(PAGE)) {
        ordered.put(PAGE, invalidParams.get(PAGE));
      }
      ordered.putAll(invalidParams);
      return ordered;
    }

    /** The parsed value, or empty when the parameter is absent or invalid (then recorded). */
    <T> Optional<T> read(String name, String message, Function<String, Optional<T>> parser) {
      List<String> values = raw.get(name);
      if (values == null || values.isEmpty()) {
        return Optional.empty();
      }
      if (values.size() > 1) {
        invalidParams.put(name, DUPLICATE_MESSAGE);
        return Optional.empty();
      }
      if (values.get(0) == null) {
        // not valid percent-encoded UTF-8 (QueryString.decodeKeepingMalformed)
        invalidParams.put(name, message);
        return Optional.empty();
      }
      Optional<T> parsed = parser.apply(values.get(0));
      if (parsed.isEmpty()) {
        invalidParams.put(name, message);
      }
      return parsed;
    }
  }
}
