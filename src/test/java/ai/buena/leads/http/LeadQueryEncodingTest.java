package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortKey;
import ai.buena.leads.query.SortOrder;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A query forwarded to another instance arrives there as the same query. */
class LeadQueryEncodingTest {
  private static final CursorSignatures CURSORS = CursorSignatures.withRandomKey();

  @Test
  void carriesAQueryWithEveryParameterSetUnchanged() {
    LeadQuery query =
        LeadQuery.builder()
            .page(3)
            .limit(25)
            .status(LeadStatus.REPLIED)
            .source(LeadSource.REFERRAL)
            .searchTerms(List.of("John", "soft&ware", "a+b"))
            .company("TechCorp Inc.")
            .title("Engineer")
            .createdAfter(Instant.parse("2024-01-20T15:30:00.123Z"))
            .createdBefore(Instant.parse("2024-02-01T00:00:00Z"))
            .lastContactedAfter(Instant.parse("2024-01-01T00:00:00Z"))
            .lastContactedBefore(Instant.parse("2024-03-01T12:00:00Z"))
            .sortBy(SortField.LAST_NAME)
            .sortOrder(SortOrder.ASC)
            .build();

    assertThat(forwarded(query)).isEqualTo(query);
  }

  @Test
  void carriesAValidQueryWhoseTextGrowsPastTheLengthLimitWhenLowerCased() {
    // "İ" lower-cases to "i̇", two code points: valid at the edge, 300 code points once forwarded.
    String dottedCapitalIs = "İ".repeat(150);
    ListLeadsParams.ParseResult edge =
        ListLeadsParams.parse(
            Map.of(
                "company", List.of(dottedCapitalIs),
                "title", List.of(dottedCapitalIs),
                "search", List.of(dottedCapitalIs)),
            CURSORS);
    assertThat(edge).isInstanceOf(ListLeadsParams.ParseResult.Valid.class);
    LeadQuery query = ((ListLeadsParams.ParseResult.Valid) edge).query();

    assertThat(forwarded(query)).isEqualTo(query);
  }

  @Test
  void carriesTheLatestAndEarliestInstantsTheEdgeAccepts() {
    LeadQuery query =
        parsed(
            Map.of(
                "createdAfter", List.of("0000-01-01T00:00:00+18:00"),
                "createdBefore", List.of("9999-12-31T23:59:59-18:00"),
                "lastContactedAfter", List.of("9999-12-31T23:59:59.999999999-18:00"),
                "lastContactedBefore", List.of("9999-12-31")));

    assertThat(forwarded(query)).isEqualTo(query);
  }

  @Test
  void carriesACursorPositionWithALoneSurrogateAndALongId() {
    LeadQuery query =
        LeadQuery.builder()
            .sortBy(SortField.FIRST_NAME)
            .after(new SortKey("a\uD800\u0301", "x".repeat(4096)))
            .build();

    assertThat(forwarded(query)).isEqualTo(query);
  }

  @Test
  void carriesEveryQueryThePublicParserAccepts() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    int valid = 0;
    for (int i = 0; i < 5_000; i++) {
      Map<String, List<String>> raw = RandomQueryParams.any(random);
      ListLeadsParams.ParseResult result = ListLeadsParams.parse(raw, CURSORS);
      if (result instanceof ListLeadsParams.ParseResult.Valid ok) {
        valid++;
        assertThat(forwarded(ok.query())).as("seed %d, params %s", seed, raw).isEqualTo(ok.query());
      }
    }
    assertThat(valid).as("seed %d", seed).isGreaterThan(1_000);
  }

  @Test
  void refusesEveryStringItDidNotWriteWithoutThrowing() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    byte[] real = Base64.getUrlDecoder().decode(LeadQueryEncoding.encode(LeadQuery.defaults()));
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = real.clone();
      bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
      byte[] cut = Arrays.copyOf(bytes, random.nextInt(bytes.length + 4));
      String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(cut);
      try {
        LeadQueryEncoding.decode(encoded);
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ", encoded " + encoded, e);
      }
    }
    assertThat(LeadQueryEncoding.decode("not base64!")).isEmpty();
  }

  private static LeadQuery parsed(Map<String, List<String>> raw) {
    ListLeadsParams.ParseResult result = ListLeadsParams.parse(raw, CURSORS);
    assertThat(result).isInstanceOf(ListLeadsParams.ParseResult.Valid.class);
    return ((ListLeadsParams.ParseResult.Valid) result).query();
  }

  private static LeadQuery forwarded(LeadQuery query) {
    return LeadQueryEncoding.decode(LeadQueryEncoding.encode(query)).orElseThrow();
  }
}
