package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.http.ListLeadsParams.ParseResult;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortOrder;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListLeadsParamsTest {
  private static final CursorSignatures CURSORS = CursorSignatures.withRandomKey();


  private static final String PAGE_MESSAGE = "Must be an integer of at least 1";
  private static final String LIMIT_MESSAGE = "Must be between 1 and 100";
  private static final String STATUS_MESSAGE =
      "Must be one of: new, contacted, replied, converted, cold";
  private static final String SOURCE_MESSAGE =
      "Must be one of: linkedin, website, referral, import, api";
  private static final String SEARCH_MESSAGE = "Must be between 2 and 200 characters";
  private static final String TEXT_MESSAGE = "Must be between 1 and 200 characters";
  private static final String DATE_MESSAGE = "Must be an ISO 8601 date or date-time";
  private static final String SORT_BY_MESSAGE =
      "Must be one of: createdAt, updatedAt, firstName, lastName, company, lastContactedAt";
  private static final String SORT_ORDER_MESSAGE = "Must be one of: asc, desc";
  private static final String DUPLICATE_MESSAGE = "Must be given once";

  /** Name-value pairs as a decoded query string; a repeated name collects its values in order. */
  private static Map<String, List<String>> params(String... namesAndValues) {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      raw.computeIfAbsent(namesAndValues[i], name -> new ArrayList<>()).add(namesAndValues[i + 1]);
    }
    return raw;
  }

  private static LeadQuery valid(String... namesAndValues) {
    ParseResult result = ListLeadsParams.parse(params(namesAndValues), CURSORS);
    assertThat(result).isInstanceOf(ParseResult.Valid.class);
    return ((ParseResult.Valid) result).query();
  }

  private static Map<String, String> invalid(String... namesAndValues) {
    return invalid(params(namesAndValues));
  }

  private static Map<String, String> invalid(Map<String, List<String>> raw) {
    ParseResult result = ListLeadsParams.parse(raw, CURSORS);
    assertThat(result).isInstanceOf(ParseResult.Invalid.class);
    return ((ParseResult.Invalid) result).invalidParams();
  }

  @Test
  void shouldApplyEveryDefaultWithoutParameters() {
    LeadQuery query = valid();

    assertThat(query).isEqualTo(LeadQuery.defaults());
    assertThat(query.page()).isEqualTo(1);
    assertThat(query.limit()).isEqualTo(10);
    assertThat(query.sortBy()).isEqualTo(SortField.CREATED_AT);
    assertThat(query.sortOrder()).isEqualTo(SortOrder.DESC);
    assertThat(query.status()).isNull();
    assertThat(query.source()).isNull();
    assertThat(query.searchTerms()).isEmpty();
    assertThat(query.company()).isNull();
    assertThat(query.title()).isNull();
    assertThat(query.createdAfter()).isNull();
    assertThat(query.createdBefore()).isNull();
    assertThat(query.lastContactedAfter()).isNull();
    assertThat(query.lastContactedBefore()).isNull();
  }

  @Test
  void shouldReadEveryParameter() {
    LeadQuery query =
        valid(
            "page", "3",
            "limit", "25",
            "status", "contacted",
            "source", "linkedin",
            "search", "john software",
            "company", "Google",
            "title", "Engineer",
            "createdAfter", "2024-01-01",
            "createdBefore", "2024-02-01T00:00:00Z",
            "lastContactedAfter", "2024-01-10T10:00:00+02:00",
            "lastContactedBefore", "2024-01-20T15:30:00.5Z",
            "sortBy", "lastContactedAt",
            "sortOrder", "asc");

    assertThat(query)
        .isEqualTo(
            new LeadQuery(
                3,
                25,
                LeadStatus.CONTACTED,
                LeadSource.LINKEDIN,
                List.of("john", "software"),
                "google",
                "engineer",
                Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-02-01T00:00:00Z"),
                Instant.parse("2024-01-10T08:00:00Z"),
                Instant.parse("2024-01-20T15:30:00.500Z"),
                SortField.LAST_CONTACTED_AT,
                SortOrder.ASC,
                null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "2", "99999", "2147483647", "007"})
  void shouldAcceptPageAsAnIntegerOfAtLeastOne(String page) {
    assertThat(valid("page", page).page()).isEqualTo(Integer.parseInt(page));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "-1",
        "+1",
        "1.5",
        "1e3",
        "abc",
        " 1",
        "1 ",
        "",
        "000",
        "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
      })
  void shouldRejectPageThatIsNotAnIntegerOfAtLeastOne(String page) {
    assertThat(invalid("page", page)).containsExactly(entry("page", PAGE_MESSAGE));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2147483648",
        "99999999999999999999",
        "000123456789012345678901234567890",
        "009999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999"
      })
  void shouldAcceptAPageBeyondTheIntRangeAsAPagePastTheEndEchoingIt(String page) {
    ParseResult result = ListLeadsParams.parse(Map.of("page", List.of(page)), CURSORS);

    assertThat(result)
        .isEqualTo(
            new ParseResult.Valid(
                LeadQuery.builder().page(Integer.MAX_VALUE).build(), new BigInteger(page)));
  }

  @Test
  void shouldNotEchoAPageWithinTheIntRange() {
    assertThat(ListLeadsParams.parse(Map.of("page", List.of("2147483647")), CURSORS))
        .isEqualTo(new ParseResult.Valid(LeadQuery.builder().page(Integer.MAX_VALUE).build()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "10", "100", "050"})
  void shouldAcceptLimitBetweenOneAndHundred(String limit) {
    assertThat(valid("limit", limit).limit()).isEqualTo(Integer.parseInt(limit));
  }

  @Test
  void shouldRejectLimitAboveHundred() {
    assertThat(invalid("limit", "101")).containsExactly(entry("limit", LIMIT_MESSAGE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-5", "+5", "1.5", "abc", "", "2147483648", "99999999999999999999"})
  void shouldRejectLimitThatIsNotAnIntegerBetweenOneAndHundred(String limit) {
    assertThat(invalid("limit", limit)).containsExactly(entry("limit", LIMIT_MESSAGE));
  }

  @ParameterizedTest
  @CsvSource({
    "new,NEW",
    "contacted,CONTACTED",
    "replied,REPLIED",
    "converted,CONVERTED",
    "cold,COLD"
  })
  void shouldAcceptEveryStatus(String wire, LeadStatus status) {
    assertThat(valid("status", wire).status()).isEqualTo(status);
  }

  @ParameterizedTest
  @ValueSource(strings = {"New", "NEW", "won", " new", ""})
  void shouldRejectUnknownOrMiscasedStatus(String status) {
    assertThat(invalid("status", status)).containsExactly(entry("status", STATUS_MESSAGE));
  }

  @ParameterizedTest
  @CsvSource({
    "linkedin,LINKEDIN",
    "website,WEBSITE",
    "referral,REFERRAL",
    "import,IMPORT",
    "api,API"
  })
  void shouldAcceptEverySource(String wire, LeadSource source) {
    assertThat(valid("source", wire).source()).isEqualTo(source);
  }

  @ParameterizedTest
  @ValueSource(strings = {"LinkedIn", "email", ""})
  void shouldRejectUnknownOrMiscasedSource(String source) {
    assertThat(invalid("source", source)).containsExactly(entry("source", SOURCE_MESSAGE));
  }

  @Test
  void shouldSplitSearchIntoLowerCasedTerms() {
    assertThat(valid("search", "John SOFTWARE").searchTerms()).containsExactly("john", "software");
  }

  @Test
  void shouldTrimSearchAndSplitItOnAnyWhitespace() {
    assertThat(valid("search", " \tjohn \n\r software\u2003doe  ").searchTerms())
        .containsExactly("john", "software", "doe");
  }

  @Test
  void shouldSplitSearchOnNoBreakAndOtherUnicodeSpaces() {
    assertThat(
            valid("search", "john\u00a0doe\u202fsoftware\u2007lead\ufeffcorp\u0085ai")
                .searchTerms())
        .containsExactly("john", "doe", "software", "lead", "corp", "ai");
  }

  @Test
  void shouldTrimNoBreakSpacesAndByteOrderMarkBeforeCountingSearchLength() {
    assertThat(invalid("search", "\u00a0a\ufeff")).containsExactly(entry("search", SEARCH_MESSAGE));
  }

  @Test
  void shouldKeepASearchWithoutWhitespaceAsOneTerm() {
    assertThat(valid("search", "techcorp").searchTerms()).containsExactly("techcorp");
  }

  @Test
  void shouldAcceptSearchOfTwoCharactersAfterTrimming() {
    assertThat(valid("search", "  jo  ").searchTerms()).containsExactly("jo");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "j", "  j  ", "   ", "\uD83D\uDE00"})
  void shouldRejectSearchShorterThanTwoCharactersAfterTrimming(String search) {
    assertThat(invalid("search", search)).containsExactly(entry("search", SEARCH_MESSAGE));
  }

  @Test
  void shouldCountSearchLengthInCodePoints() {
    assertThat(valid("search", "\uD83D\uDE00\uD83D\uDE00").searchTerms()).hasSize(1);
    assertThat(valid("search", "\uD83D\uDE00".repeat(200)).searchTerms()).hasSize(1);
    assertThat(invalid("search", "\uD83D\uDE00".repeat(201)))
        .containsExactly(entry("search", SEARCH_MESSAGE));
  }

  @Test
  void shouldAcceptSearchOfTwoHundredCharactersAfterTrimming() {
    assertThat(valid("search", " " + "a".repeat(200) + " ").searchTerms())
        .containsExactly("a".repeat(200));
  }

  @Test
  void shouldRejectSearchLongerThanTwoHundredCharacters() {
    assertThat(invalid("search", "a".repeat(201))).containsExactly(entry("search", SEARCH_MESSAGE));
  }

  @Test
  void shouldLowerCaseCompanyAndTitle() {
    LeadQuery query = valid("company", "Tech CORP", "title", "Senior ENGINEER");

    assertThat(query.company()).isEqualTo("tech corp");
    assertThat(query.title()).isEqualTo("senior engineer");
  }

  @Test
  void shouldLowerCaseWithTheRootLocale() {
    Locale original = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      LeadQuery query = valid("company", "TITAN", "title", "DIRECTOR", "search", "IRIS");

      assertThat(query.company()).isEqualTo("titan");
      assertThat(query.title()).isEqualTo("director");
      assertThat(query.searchTerms()).containsExactly("iris");
    } finally {
      Locale.setDefault(original);
    }
  }

  @Test
  void shouldAcceptCompanyAndTitleOfOneToTwoHundredCharacters() {
    assertThat(valid("company", "X").company()).isEqualTo("x");
    assertThat(valid("title", "t".repeat(200)).title()).isEqualTo("t".repeat(200));
  }

  @Test
  void shouldKeepCompanyAsGivenWithoutTrimming() {
    assertThat(valid("company", " Acme ").company()).isEqualTo(" acme ");
  }

  @Test
  void shouldRejectEmptyCompanyAndTitle() {
    assertThat(invalid("company", "", "title", ""))
        .containsExactly(entry("company", TEXT_MESSAGE), entry("title", TEXT_MESSAGE));
  }

  @Test
  void shouldRejectCompanyAndTitleLongerThanTwoHundredCharacters() {
    assertThat(invalid("company", "c".repeat(201), "title", "t".repeat(201)))
        .containsExactly(entry("company", TEXT_MESSAGE), entry("title", TEXT_MESSAGE));
  }

  @ParameterizedTest
  @CsvSource({
    "2024-01-20, 2024-01-20T00:00:00Z",
    "2024-01-20T15:30:00Z, 2024-01-20T15:30:00Z",
    "2024-01-20T15:30:00.1Z, 2024-01-20T15:30:00.100Z",
    "2024-01-20T15:30:00.123456Z, 2024-01-20T15:30:00.123456Z",
    "2024-01-20T15:30:00.123456789Z, 2024-01-20T15:30:00.123456789Z",
    "2024-01-20T15:30:00+02:00, 2024-01-20T13:30:00Z",
    "2024-01-20T15:30:00-05:30, 2024-01-20T21:00:00Z",
    "2024-01-20T15:30:00.25+02:00, 2024-01-20T13:30:00.250Z",
    "2024-01-20T00:30:00+01:00, 2024-01-19T23:30:00Z",
    "2024-02-29, 2024-02-29T00:00:00Z"
  })
  void shouldAcceptIsoDatesAndDateTimes(String text, String instant) {
    Instant expected = Instant.parse(instant);

    LeadQuery query =
        valid(
            "createdAfter", text,
            "createdBefore", text,
            "lastContactedAfter", text,
            "lastContactedBefore", text);

    assertThat(query.createdAfter()).isEqualTo(expected);
    assertThat(query.createdBefore()).isEqualTo(expected);
    assertThat(query.lastContactedAfter()).isEqualTo(expected);
    assertThat(query.lastContactedBefore()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "yesterday",
        "1705764600",
        "2024-01-20T15:30:00",
        "2024-01-20T15:30Z",
        "2024-01-20 15:30:00Z",
        "2024-01-20t15:30:00z",
        "2024-01-20T15:30:00.Z",
        "2024-01-20T15:30:00.1234567890Z",
        "2024-01-20T15:30:00+02",
        "2024-01-20T15:30:00+0200",
        "2024-01-20T15:30:00+19:00",
        "2024-01-20T15:30:00+02:00[Europe/Berlin]",
        "2024-01-20T15:30:00+00:00Z",
        "2024-01-20T24:00:00Z",
        "2024-01-20T23:59:60Z",
        "2024-02-30",
        "2023-02-29",
        "2024-13-01",
        "2024-1-2",
        "20240120",
        "+2024-01-20",
        "2024-01-20Z",
        " 2024-01-20"
      })
  void shouldRejectEverythingElseAsADate(String text) {
    assertThat(
            invalid(
                "createdAfter", text,
                "createdBefore", text,
                "lastContactedAfter", text,
                "lastContactedBefore", text))
        .containsExactly(
            entry("createdAfter", DATE_MESSAGE),
            entry("createdBefore", DATE_MESSAGE),
            entry("lastContactedAfter", DATE_MESSAGE),
            entry("lastContactedBefore", DATE_MESSAGE));
  }

  @Test
  void shouldAcceptContradictoryBounds() {
    LeadQuery query = valid("createdAfter", "2024-02-01", "createdBefore", "2024-01-01");

    assertThat(query.createdAfter()).isAfter(query.createdBefore());
  }

  @ParameterizedTest
  @CsvSource({
    "createdAt,CREATED_AT",
    "updatedAt,UPDATED_AT",
    "firstName,FIRST_NAME",
    "lastName,LAST_NAME",
    "company,COMPANY",
    "lastContactedAt,LAST_CONTACTED_AT"
  })
  void shouldAcceptEverySortField(String wire, SortField field) {
    assertThat(valid("sortBy", wire).sortBy()).isEqualTo(field);
  }

  @ParameterizedTest
  @ValueSource(strings = {"created_at", "CreatedAt", "email", "id", ""})
  void shouldRejectUnknownSortField(String sortBy) {
    assertThat(invalid("sortBy", sortBy)).containsExactly(entry("sortBy", SORT_BY_MESSAGE));
  }

  @ParameterizedTest
  @CsvSource({"asc,ASC", "desc,DESC"})
  void shouldAcceptBothSortOrders(String wire, SortOrder order) {
    assertThat(valid("sortOrder", wire).sortOrder()).isEqualTo(order);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ASC", "Desc", "ascending", "up", ""})
  void shouldRejectUnknownSortOrder(String sortOrder) {
    assertThat(invalid("sortOrder", sortOrder))
        .containsExactly(entry("sortOrder", SORT_ORDER_MESSAGE));
  }

  @Test
  void shouldNameEveryInvalidParameterAtOnceInTheContractsOrder() {
    Map<String, String> invalidParams =
        invalid(
            "sortOrder", "up",
            "sortBy", "email",
            "lastContactedBefore", "soon",
            "lastContactedAfter", "later",
            "createdBefore", "tomorrow",
            "createdAfter", "yesterday",
            "title", "",
            "company", "",
            "search", "x",
            "source", "email",
            "status", "won",
            "limit", "1000",
            "page", "0");

    assertThat(invalidParams)
        .containsExactly(
            entry("page", PAGE_MESSAGE),
            entry("limit", LIMIT_MESSAGE),
            entry("status", STATUS_MESSAGE),
            entry("source", SOURCE_MESSAGE),
            entry("search", SEARCH_MESSAGE),
            entry("company", TEXT_MESSAGE),
            entry("title", TEXT_MESSAGE),
            entry("createdAfter", DATE_MESSAGE),
            entry("createdBefore", DATE_MESSAGE),
            entry("lastContactedAfter", DATE_MESSAGE),
            entry("lastContactedBefore", DATE_MESSAGE),
            entry("sortBy", SORT_BY_MESSAGE),
            entry("sortOrder", SORT_ORDER_MESSAGE));
  }

  @Test
  void shouldMatchTheSeedsValidationExample() {
    assertThat(invalid("limit", "500", "status", "pending", "source", "linkedin"))
        .containsExactly(entry("limit", LIMIT_MESSAGE), entry("status", STATUS_MESSAGE));
  }

  @Test
  void shouldRejectAParameterGivenTwice() {
    assertThat(invalid("status", "new", "status", "cold"))
        .containsExactly(entry("status", DUPLICATE_MESSAGE));
  }

  @Test
  void shouldRejectAParameterGivenTwiceEvenWithTheSameValidValue() {
    assertThat(invalid("limit", "10", "limit", "10"))
        .containsExactly(entry("limit", DUPLICATE_MESSAGE));
  }

  @Test
  void shouldRejectEveryDuplicatedParameterAlongsideOtherErrors() {
    assertThat(
            invalid(
                "sortOrder", "asc", "page", "0", "sortOrder", "desc", "search", "a", "search", "b"))
        .containsExactly(
            entry("page", PAGE_MESSAGE),
            entry("search", DUPLICATE_MESSAGE),
            entry("sortOrder", DUPLICATE_MESSAGE));
  }

  @Test
  void shouldIgnoreUnknownParameters() {
    LeadQuery query = valid("foo", "bar", "foo", "baz", "Limit", "abc", "limit", "5");

    assertThat(query).isEqualTo(LeadQuery.builder().limit(5).build());
  }

  @Test
  void shouldTreatANameWithoutValuesAsAbsent() {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    raw.put("status", List.of());

    assertThat(ListLeadsParams.parse(raw, CURSORS)).isEqualTo(new ParseResult.Valid(LeadQuery.defaults()));
  }

  @Test
  void shouldTreatAnEmptyValueAsInvalidForEveryParameter() {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    for (String name :
        List.of(
            "page",
            "limit",
            "status",
            "source",
            "search",
            "company",
            "title",
            "createdAfter",
            "createdBefore",
            "lastContactedAfter",
            "lastContactedBefore",
            "sortBy",
            "sortOrder")) {
      raw.put(name, List.of(""));
    }

    assertThat(invalid(raw))
        .containsExactly(
            entry("page", PAGE_MESSAGE),
            entry("limit", LIMIT_MESSAGE),
            entry("status", STATUS_MESSAGE),
            entry("source", SOURCE_MESSAGE),
            entry("search", SEARCH_MESSAGE),
            entry("company", TEXT_MESSAGE),
            entry("title", TEXT_MESSAGE),
            entry("createdAfter", DATE_MESSAGE),
            entry("createdBefore", DATE_MESSAGE),
            entry("lastContactedAfter", DATE_MESSAGE),
            entry("lastContactedBefore", DATE_MESSAGE),
            entry("sortBy", SORT_BY_MESSAGE),
            entry("sortOrder", SORT_ORDER_MESSAGE));
  }

  @Test
  void shouldTreatANullValueAsEmpty() {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    raw.put("limit", Collections.singletonList(null));

    assertThat(invalid(raw)).containsExactly(entry("limit", LIMIT_MESSAGE));
  }

  @Test
  void shouldNotLetTheInvalidParamsMapBeChanged() {
    Map<String, String> invalidParams = invalid("page", "0");

    assertThatThrownBy(() -> invalidParams.put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldNotNeedAMutableInput() {
    Map<String, List<String>> raw = Map.of("search", Arrays.asList("john doe"));

    assertThat(ListLeadsParams.parse(raw, CURSORS))
        .isEqualTo(
            new ParseResult.Valid(LeadQuery.builder().searchTerms(List.of("john", "doe")).build()));
  }

  @Test
  void shouldAcceptTheNextCursorOfTheSameQuery() {
    LeadQuery query = LeadQuery.builder().status(LeadStatus.NEW).sortBy(SortField.COMPANY).build();
    String cursor =
        CURSORS.sign(
            ai.buena.leads.query.Cursors.encode(
                query, new ai.buena.leads.query.SortKey("acme", "lead_1")));

    ListLeadsParams.ParseResult result =
        ListLeadsParams.parse(
            Map.of(
                "status", List.of("new"),
                "sortBy", List.of("company"),
                "limit", List.of("50"),
                "cursor", List.of(cursor)), CURSORS);

    assertThat(result).isInstanceOf(ListLeadsParams.ParseResult.Valid.class);
    assertThat(((ListLeadsParams.ParseResult.Valid) result).query().after())
        .isEqualTo(new ai.buena.leads.query.SortKey("acme", "lead_1"));
  }

  @Test
  void shouldRejectACursorOfAnotherQuery() {
    String cursor = cursorOfStatusNew();

    assertThat(
            ListLeadsParams.parse(Map.of("status", List.of("cold"), "cursor", List.of(cursor)), CURSORS))
        .isEqualTo(
            new ListLeadsParams.ParseResult.Invalid(
                Map.of("cursor", "Must be a nextCursor of a previous answer to the same query")));
  }

  @Test
  void shouldNameACursorOfAnotherQueryBesideAnInvalidLimitAndAPageGivenWithIt() {
    String cursor = cursorOfStatusNew();

    assertThat(
            ListLeadsParams.parse(
                Map.of(
                    "status", List.of("cold"),
                    "limit", List.of("0"),
                    "page", List.of("2"),
                    "cursor", List.of(cursor)),
                CURSORS))
        .isEqualTo(
            new ListLeadsParams.ParseResult.Invalid(
                Map.of(
                    "page", "Must not be given with cursor",
                    "limit", "Must be between 1 and 100",
                    "cursor", "Must be a nextCursor of a previous answer to the same query")));
  }

  @Test
  void shouldNameAPageGivenWithACursorFirstAsTheContractsTableDoes() {
    Map<String, List<String>> raw = new LinkedHashMap<>();
    raw.put("status", List.of("x"));
    raw.put("limit", List.of("0"));
    raw.put("page", List.of("2"));
    raw.put("cursor", List.of(cursorOfStatusNew()));

    ParseResult result = ListLeadsParams.parse(raw, CURSORS);

    assertThat(((ParseResult.Invalid) result).invalidParams().keySet())
        .containsExactly("page", "limit", "status");
  }

  /** A signed cursor of {@code status=new}: another query than {@code status=cold}. */
  private static String cursorOfStatusNew() {
    return CURSORS.sign(
        ai.buena.leads.query.Cursors.encode(
            LeadQuery.builder().status(LeadStatus.NEW).build(),
            new ai.buena.leads.query.SortKey(Instant.parse("2024-01-01T00:00:00Z"), "lead_1")));
  }

  @Test
  void shouldRejectAGarbledCursor() {
    assertThat(ListLeadsParams.parse(Map.of("cursor", List.of("%%not-a-cursor")), CURSORS))
        .isEqualTo(
            new ListLeadsParams.ParseResult.Invalid(
                Map.of("cursor", "Must be a nextCursor of a previous answer to the same query")));
  }

  @Test
  void shouldNameAGarbledCursorBesideAnInvalidLimit() {
    assertThat(
            ListLeadsParams.parse(
                Map.of("limit", List.of("500"), "cursor", List.of("%%not-a-cursor")), CURSORS))
        .isEqualTo(
            new ListLeadsParams.ParseResult.Invalid(
                Map.of(
                    "limit", "Must be between 1 and 100",
                    "cursor", "Must be a nextCursor of a previous answer to the same query")));
  }

  @Test
  void shouldRejectPageTogetherWithCursor() {
    String cursor =
        CURSORS.sign(
            ai.buena.leads.query.Cursors.encode(
                LeadQuery.defaults(),
                new ai.buena.leads.query.SortKey(Instant.parse("2024-01-01T00:00:00Z"), "lead_1")));

    assertThat(ListLeadsParams.parse(Map.of("page", List.of("2"), "cursor", List.of(cursor)), CURSORS))
        .isEqualTo(
            new ListLeadsParams.ParseResult.Invalid(Map.of("page", "Must not be given with cursor")));
  }
}
