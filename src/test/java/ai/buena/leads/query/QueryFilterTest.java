package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.index.IndexedField;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueryFilterTest {
  private static final Instant T1 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2024-02-01T00:00:00Z");

  @Test
  void shouldNameEveryFilterParameterOnce() {
    assertThat(QueryFilter.ALL.stream().map(QueryFilter::param)).doesNotHaveDuplicates();
  }

  @Test
  void shouldBoundTheOrderOfATimeFieldByItsTimeFilters() {
    LeadQuery q =
        LeadQuery.builder().lastContactedAfter(T1).lastContactedBefore(T2).createdAfter(T2).build();

    assertThat(QueryFilter.lowerBound(q, IndexedField.LAST_CONTACTED_AT)).isEqualTo(T1);
    assertThat(QueryFilter.upperBound(q, IndexedField.LAST_CONTACTED_AT)).isEqualTo(T2);
  }

  @Test
  void shouldLeaveTheOrderOfAFieldWithoutTimeFiltersUnbounded() {
    LeadQuery q = LeadQuery.builder().createdAfter(T1).createdBefore(T2).build();

    assertThat(QueryFilter.lowerBound(q, IndexedField.UPDATED_AT)).isNull();
    assertThat(QueryFilter.upperBound(q, IndexedField.UPDATED_AT)).isNull();
  }
}
