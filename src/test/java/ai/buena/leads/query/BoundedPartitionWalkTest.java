package ai.buena.leads.query;

import static ai.buena.leads.query.TestLeads.WORKSPACE;
import static ai.buena.leads.query.TestLeads.aLead;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.index.WorkBudget;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A page of {@code limit} leads needs the first {@code limit + 1} of the whole answer: once the
 * partitions read so far gave that many, the next partitions walk no further than the last of
 * them, instead of each giving its own first {@code limit + 1}.
 */
class BoundedPartitionWalkTest {
  private static final int PARTITIONS = 6;
  private static final int LEADS = 1_200;
  private static final int LIMIT = 100;
  /** A walk is charged a unit per 8 steps; 6 partitions each walking 101 steps: 6 x 13 units. */
  private static final long UNBOUNDED_WALK_UNITS = PARTITIONS * ((LIMIT + 1 + 7) / 8);

  @Test
  void shouldStopEachLaterPartitionsWalkAtTheKthLeadSoFar() {
    Engines engines = engines();
    LeadQuery query =
        LeadQuery.builder().sortBy(SortField.CREATED_AT).sortOrder(SortOrder.ASC).limit(LIMIT).build();
    WorkBudget budget = new WorkBudget(LocalLeadQueryService.DEFAULT_WORK_BUDGET);

    LeadPage page = engines.fast().list(WORKSPACE, query, budget);

    assertThat(page).isEqualTo(engines.reference().query(WORKSPACE, query));
    assertThat(budget.spent()).isLessThan(UNBOUNDED_WALK_UNITS * 2 / 3);
  }

  @Test
  void shouldAnswerEveryCursorPageOfAnExportAsTheReference() {
    Engines engines = engines();
    LeadQuery query = descending(null);
    int pages = 0;
    while (query != null) {
      LeadPage page = engines.fast().list(WORKSPACE, query);
      assertThat(page.leads()).isEqualTo(engines.reference().query(WORKSPACE, query).leads());
      pages++;
      query =
          page.nextCursor() == null
              ? null
              : descending(Cursors.decode(page.nextCursor(), query).orElseThrow());
    }
    assertThat(pages).isEqualTo(LEADS / LIMIT);
  }

  private static LeadQuery descending(SortKey after) {
    return LeadQuery.builder()
        .sortBy(SortField.CREATED_AT)
        .sortOrder(SortOrder.DESC)
        .limit(LIMIT)
        .after(after)
        .build();
  }

  private record Engines(ReferenceQueryEngine reference, LocalLeadQueryService fast) {}

  private static Engines engines() {
    InMemoryPartitions partitions = new InMemoryPartitions(PARTITIONS, BoundedPartitionWalkTest::partitionOf);
    List<Lead> leads = new ArrayList<>();
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < LEADS; i++) {
      Lead lead = aLead(String.format("lead_%05d", i)).createdAt(start.plusSeconds(i)).build();
      partitions.put(lead);
      leads.add(lead);
    }
    return new Engines(new ReferenceQueryEngine(leads), partitions.service());
  }

  private static int partitionOf(String leadId) {
    return Math.floorMod(leadId.hashCode(), PARTITIONS);
  }
}
