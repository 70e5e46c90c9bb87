package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A query forwarded to another instance arrives there as the same query. */
class LeadQueryEncodingTest {

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
                "search", List.of(dottedCapitalIs)));
    assertThat(edge).isInstanceOf(ListLeadsParams.ParseResult.Valid.class);
    LeadQuery query = ((ListLeadsParams.ParseResult.Valid) edge).query();

    assertThat(forwarded(query)).isEqualTo(query);
  }

  private static LeadQuery forwarded(LeadQuery query) {
    Map<String, List<String>> raw =
        QueryString.decode(LeadQueryEncoding.encode(query)).orElseThrow();
    ListLeadsParams.ParseResult parsed = ListLeadsParams.parseForwarded(raw);
    assertThat(parsed).isInstanceOf(ListLeadsParams.ParseResult.Valid.class);
    return ((ListLeadsParams.ParseResult.Valid) parsed).query();
  }
}
