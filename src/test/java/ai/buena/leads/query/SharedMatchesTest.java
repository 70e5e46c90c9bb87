package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.runtime.generate.Distribution;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.testing.ReferenceProjection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Queries whose matches are one of the index's own bitmaps (a status's, a source's, a pair's, a
 * company's, a cached term's), handed to the planner without a copy: every page path (first,
 * middle, last, deep, by cursor) reads them only, so asking the same queries again, and queries
 * sharing those bitmaps with other filters, gives the reference's answers every time.
 */
class SharedMatchesTest {
  private static final String WORKSPACE = "ws_shared";
  private static final Instant END = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void shouldAnswerAsTheReferenceEveryTimeQueriesWhoseMatchesAreTheIndexsOwnBitmapsAreAsked() {
    ReferenceProjection projection = new ReferenceProjection();
    new HistoryGenerator(21, WORKSPACE, END, Distribution.SKEWED).generate(6_000, projection::apply);
    Map<String, Lead> store = projection.leadsOf(WORKSPACE);
    PartitionIndex partition = new PartitionIndex(0, store::get);
    partition.loadAll(store.values().iterator());
    LocalIndexes indexes = new LocalIndexes();
    indexes.register(partition);
    LocalLeadQueryService engine = new LocalLeadQueryService(indexes, 1, () -> true, id -> 0);
    ReferenceQueryEngine reference = new ReferenceQueryEngine(store.values());

    // a company of a few dozen leads: its bitmap is collected and sorted, not walked
    String rareCompany =
        store.values().stream()
            .filter(lead -> lead.company() != null)
            .collect(Collectors.groupingBy(lead -> lead.company().toLowerCase(Locale.ROOT), Collectors.counting()))
            .entrySet().stream()
            .filter(company -> company.getValue() >= 20 && company.getValue() <= 60)
            .map(Map.Entry::getKey)
            .sorted()
            .findFirst()
            .orElseThrow();
    List<LeadQuery> queries = new ArrayList<>();
    for (SortField sortBy : List.of(SortField.CREATED_AT, SortField.LAST_NAME, SortField.LAST_CONTACTED_AT)) {
      for (SortOrder order : SortOrder.values()) {
        List<LeadQuery.Builder> shapes =
            List.of(
                LeadQuery.builder().status(LeadStatus.CONTACTED),
                LeadQuery.builder().source(LeadSource.LINKEDIN),
                LeadQuery.builder().status(LeadStatus.NEW).source(LeadSource.WEBSITE),
                LeadQuery.builder().company("google"),
                LeadQuery.builder().company(rareCompany),
                LeadQuery.builder().searchTerms(List.of("john")),
                LeadQuery.builder().status(LeadStatus.NEW).source(LeadSource.WEBSITE).company("google"),
                LeadQuery.builder().status(LeadStatus.CONTACTED).searchTerms(List.of("john")));
        for (LeadQuery.Builder shape : shapes) {
          for (int page : new int[] {1, 2, 30, 60, 120}) {
            queries.add(shape.sortBy(sortBy).sortOrder(order).limit(25).page(page).build());
          }
        }
      }
    }

    for (int pass = 0; pass < 2; pass++) {
      for (LeadQuery query : queries) {
        LeadPage expected = reference.query(WORKSPACE, query);
        LeadPage actual = engine.list(WORKSPACE, query);
        assertThat(actual.pagination()).as("pass %d, %s", pass, query).isEqualTo(expected.pagination());
        assertThat(actual.leads().stream().map(Lead::id).toList())
            .as("pass %d, %s", pass, query)
            .containsExactlyElementsOf(expected.leads().stream().map(Lead::id).toList());
        if (actual.nextCursor() != null) {
          LeadQuery next = query.toBuilder().page(1).after(Cursors.decode(actual.nextCursor(), query).orElseThrow()).build();
          assertThat(engine.list(WORKSPACE, next).leads().stream().map(Lead::id).toList())
              .as("pass %d, after %s", pass, query)
              .containsExactlyElementsOf(reference.query(WORKSPACE, next).leads().stream().map(Lead::id).toList());
        }
      }
    }
  }
}
