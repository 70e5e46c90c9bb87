package ai.buena.leads.query;

import static ai.buena.leads.query.TestLeads.aLead;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.WorkBudget;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A status whose leads all sort at the far end of the order, as {@code status=new} by {@code
 * lastContactedAt} (a new lead was never contacted, and leads without a value sort last): the page
 * is found by collecting the status's leads, not by walking past every other lead first.
 */
class StatusSortedLastTest {
  private static final String WORKSPACE = "ws_status";
  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

  private static final LeadQuery NEW_BY_LAST_CONTACT =
      LeadQuery.builder().status(LeadStatus.NEW).sortBy(SortField.LAST_CONTACTED_AT).sortOrder(SortOrder.ASC).build();

  @Test
  void shouldAnswerTheFirstPageOfAStatusThatSortsLastWithinABudgetTooSmallForTheWalk() {
    Fixture fixture = new Fixture(20_000, 10);

    LeadPage page = fixture.engine.list(WORKSPACE, NEW_BY_LAST_CONTACT, new WorkBudget(10_000));

    fixture.assertReferenceAnswer(page);
  }

  @Test
  void shouldWalkPastEveryContactedLeadWhenThatCostsLessThanCollectingTheNewOnes() {
    Fixture fixture = new Fixture(20_000, 4);

    // walking 20,000 doc numbers costs 2,500 units; collecting the 5,000 new leads 5,313
    LeadPage page = fixture.engine.list(WORKSPACE, NEW_BY_LAST_CONTACT, new WorkBudget(3_000));

    fixture.assertReferenceAnswer(page);
  }

  /** One partition: one lead in {@code newEvery} new (never contacted), the others contacted. */
  private static final class Fixture {
    final List<Lead> leads = new ArrayList<>();
    final LocalLeadQueryService engine;

    void assertReferenceAnswer(LeadPage page) {
      LeadPage expected = new ReferenceQueryEngine(leads).query(WORKSPACE, NEW_BY_LAST_CONTACT);
      assertThat(page.pagination()).isEqualTo(expected.pagination());
      assertThat(page.leads().stream().map(Lead::id).toList())
          .containsExactlyElementsOf(expected.leads().stream().map(Lead::id).toList());
    }

    Fixture(int count, int newEvery) {
      Map<String, Lead> store = new HashMap<>();
      for (int i = 0; i < count; i++) {
        boolean isNew = i % newEvery == 0;
        Lead lead =
            aLead(String.format("lead-%05d", i))
                .workspaceId(WORKSPACE)
                .status(isNew ? LeadStatus.NEW : LeadStatus.CONTACTED)
                .createdAt(BASE.plusSeconds(i))
                .updatedAt(BASE.plusSeconds(i))
                .lastContactedAt(isNew ? null : BASE.plusSeconds(count + i))
                .build();
        leads.add(lead);
        store.put(lead.id(), lead);
      }
      LocalIndexes indexes = new LocalIndexes();
      PartitionIndex partition = new PartitionIndex(0, store::get);
      partition.loadAll(store.values().iterator());
      indexes.register(partition);
      engine = new LocalLeadQueryService(indexes, 1, () -> true, id -> 0);
    }
  }
}
