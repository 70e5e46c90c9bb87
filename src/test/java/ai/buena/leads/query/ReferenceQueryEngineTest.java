package ai.buena.leads.query;

import static ai.buena.leads.query.TestLeads.aLead;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.testing.Gen;
import ai.buena.leads.testing.Seeded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReferenceQueryEngineTest {

  private static final String MINE = "ws_mine";
  private static final String OTHER = "ws_other";

  private static Lead lead(String id, String workspace, int createdSecond) {
    return aLead(id)
        .workspaceId(workspace)
        .createdAt(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(createdSecond))
        .build();
  }

  private static List<String> ids(LeadPage page) {
    return page.leads().stream().map(Lead::id).toList();
  }

  @Test
  void shouldAnswerOnlyTheWorkspacesLeads() {
    ReferenceQueryEngine engine =
        new ReferenceQueryEngine(
            List.of(lead("m1", MINE, 1), lead("o1", OTHER, 2), lead("m2", MINE, 3)));

    LeadPage page = engine.query(MINE, LeadQuery.defaults());

    assertThat(ids(page)).containsExactly("m2", "m1");
    assertThat(page.pagination().total()).isEqualTo(2);
  }

  @Test
  void shouldAnswerNothingForAWorkspaceWithoutLeads() {
    ReferenceQueryEngine engine = new ReferenceQueryEngine(List.of(lead("o1", OTHER, 1)));

    LeadPage page = engine.query(MINE, LeadQuery.defaults());

    assertThat(page.leads()).isEmpty();
    assertThat(page.pagination()).isEqualTo(new Pagination(1, 10, 0, 0, false, false));
  }

  @Test
  void shouldSortNewestFirstByDefault() {
    ReferenceQueryEngine engine =
        new ReferenceQueryEngine(
            List.of(lead("a", MINE, 2), lead("b", MINE, 3), lead("c", MINE, 1)));

    assertThat(ids(engine.query(MINE, LeadQuery.defaults()))).containsExactly("b", "a", "c");
  }

  @Test
  void shouldFilterBeforeCountingAndPaging() {
    ReferenceQueryEngine engine =
        new ReferenceQueryEngine(
            List.of(
                aLead("new1").workspaceId(MINE).status(LeadStatus.NEW).build(),
                aLead("cold1").workspaceId(MINE).status(LeadStatus.COLD).build(),
                aLead("new2").workspaceId(MINE).status(LeadStatus.NEW).build()));

    LeadPage page = engine.query(MINE, LeadQuery.builder().status(LeadStatus.NEW).limit(1).build());

    assertThat(ids(page)).containsExactly("new2");
    assertThat(page.pagination()).isEqualTo(new Pagination(1, 1, 2, 2, true, false));
  }

  @Test
  void shouldCutTheRequestedPage() {
    List<Lead> leads = new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      leads.add(lead(String.format("lead_%02d", i), MINE, i));
    }
    ReferenceQueryEngine engine = new ReferenceQueryEngine(leads);
    LeadQuery ascending = LeadQuery.builder().sortOrder(SortOrder.ASC).limit(10).page(3).build();

    LeadPage page = engine.query(MINE, ascending);

    assertThat(ids(page)).containsExactly("lead_21", "lead_22", "lead_23", "lead_24", "lead_25");
    assertThat(page.pagination()).isEqualTo(new Pagination(3, 10, 25, 3, false, true));
  }

  @Test
  void shouldAnswerAnEmptyPagePastTheEndWithTheTruePagination() {
    ReferenceQueryEngine engine =
        new ReferenceQueryEngine(List.of(lead("a", MINE, 1), lead("b", MINE, 2)));

    LeadPage page = engine.query(MINE, LeadQuery.builder().page(5).limit(1).build());

    assertThat(page.leads()).isEmpty();
    assertThat(page.pagination()).isEqualTo(new Pagination(5, 1, 2, 2, false, true));
  }

  @Test
  void shouldNotOverflowOnTheLastPossiblePage() {
    ReferenceQueryEngine engine = new ReferenceQueryEngine(List.of(lead("a", MINE, 1)));

    LeadPage page =
        engine.query(MINE, LeadQuery.builder().page(Integer.MAX_VALUE).limit(100).build());

    assertThat(page.leads()).isEmpty();
    assertThat(page.pagination().total()).isEqualTo(1);
  }

  @Test
  void shouldSplitTheWholeResultIntoConsecutivePages() {
    Seeded.check(
        1000,
        random -> {
          List<Lead> leads = mixedWorkspaceLeads(random);
          SortField field = Gen.of(SortField.class).next(random);
          SortOrder order = Gen.of(SortOrder.class).next(random);
          int limit = Gen.between(1, 7).next(random);
          ReferenceQueryEngine engine = new ReferenceQueryEngine(leads);
          LeadQuery first = LeadQuery.builder().sortBy(field).sortOrder(order).limit(limit).build();
          List<Lead> expected =
              leads.stream()
                  .filter(lead -> lead.workspaceId().equals(MINE))
                  .sorted(LeadOrder.comparator(field, order))
                  .toList();

          List<Lead> concatenated = new ArrayList<>();
          LeadPage page = engine.query(MINE, first);
          concatenated.addAll(page.leads());
          while (page.pagination().hasNextPage()) {
            page =
                engine.query(MINE, first.toBuilder().page(page.pagination().page() + 1).build());
            assertThat(page.leads()).as("%s", first).isNotEmpty();
            concatenated.addAll(page.leads());
          }

          assertThat(concatenated).as("%s", first).containsExactlyElementsOf(expected);
          assertThat(page.pagination().total()).as("%s", first).isEqualTo(expected.size());
        });
  }

  /** Zero to thirty leads with distinct ids, in this workspace and another. */
  private static List<Lead> mixedWorkspaceLeads(Random random) {
    Gen<Lead> leads = RandomLeads.leadsIn(Gen.of(MINE, OTHER));
    int size = Gen.size(0, 30).next(random);
    Map<String, Lead> byId = new LinkedHashMap<>();
    while (byId.size() < size) {
      Lead lead = leads.next(random);
      byId.putIfAbsent(lead.id(), lead);
    }
    return new ArrayList<>(byId.values());
  }
}
