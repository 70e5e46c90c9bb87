package ai.buena.leads.query;

import static ai.buena.leads.query.TestLeads.aLead;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.WorkBudget;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code company=} sorted by {@code company}: the matches are the run of that value in the order,
 * so a page walks that run alone, from its start, a cursor or a deep offset, in both directions;
 * the answer is the reference engine's, whatever values sort just before or after the one asked.
 */
class CompanySortedRunTest {
  private static final String WORKSPACE = "ws_run";
  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
  private static final int PARTITIONS = 3;
  /** Values beside "acme" in the order: a prefix, the value with a NUL or another char after it, cases. */
  private static final String[] COMPANIES = {
    "Acme", "acme", "ACME", "acm", "acme\u0000", "acme\u0001", "acme corp", "acmf", "Ácme", "Straße",
    "STRASSE", "zeta", null
  };
  private static final String[] ASKED = {"acme", "ACME", "acm", "Acme Corp", "straße", "STRASSE", "zeta", "none"};
  private static final LeadStatus[] STATUSES = {LeadStatus.NEW, LeadStatus.CONTACTED};

  @Test
  void shouldAnswerACompanySortedByCompanyAsTheReferenceFromAnyPageOrCursor() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Fixture fixture = new Fixture(random, 4_000, COMPANIES);
    ReferenceQueryEngine reference = new ReferenceQueryEngine(fixture.leads);
    for (int i = 0; i < 200; i++) {
      LeadQuery query = companyQuery(random, ASKED[random.nextInt(ASKED.length)]);

      LeadPage page = fixture.engine.list(WORKSPACE, query);

      LeadPage expected = reference.query(WORKSPACE, query);
      assertThat(page.pagination()).as("seed %d, %s", seed, query).isEqualTo(expected.pagination());
      assertThat(ids(page)).as("seed %d, %s", seed, query).containsExactlyElementsOf(ids(expected));
      if (page.nextCursor() != null) {
        LeadQuery next = query.toBuilder().page(1).after(Cursors.decode(page.nextCursor(), query).orElseThrow()).build();
        LeadPage afterCursor = fixture.engine.list(WORKSPACE, next);
        assertThat(ids(afterCursor))
            .as("seed %d, after the cursor of %s", seed, query)
            .containsExactlyElementsOf(ids(reference.query(WORKSPACE, next)));
      }
    }
  }

  /**
   * 30,000 leads, a tenth of them at "Aardvark", which sorts first: descending, its run comes after
   * every other lead. The first page walks that run alone (a few units), where a walk from the
   * order's start would pass the other 27,000 leads first.
   */
  @Test
  void shouldWalkOnlyTheRunOfTheCompanyAskedForWhenSortedByCompany() {
    String[] companies = {"Aardvark", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa"};
    Fixture fixture = new Fixture(new Random(5), 30_000, companies);
    LeadQuery query =
        LeadQuery.builder().company("aardvark").sortBy(SortField.COMPANY).sortOrder(SortOrder.DESC).limit(10).build();
    WorkBudget budget = new WorkBudget(LocalLeadQueryService.DEFAULT_WORK_BUDGET);

    LeadPage page = fixture.engine.list(WORKSPACE, query, budget);

    assertThat(page).isEqualTo(new ReferenceQueryEngine(fixture.leads).query(WORKSPACE, query));
    assertThat(budget.spent()).isLessThan(200);
  }

  private static LeadQuery companyQuery(Random random, String company) {
    LeadQuery.Builder query =
        LeadQuery.builder()
            .company(company)
            .sortBy(SortField.COMPANY)
            .sortOrder(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC)
            .limit(1 + random.nextInt(100));
    if (random.nextInt(3) == 0) {
      query.status(STATUSES[random.nextInt(STATUSES.length)]);
    }
    // deep pages (an offset of 1,000 and more) as often as the first ones
    int page = random.nextBoolean() ? 1 + random.nextInt(3) : 1 + random.nextInt(60);
    return query.page(page).build();
  }

  private static List<String> ids(LeadPage page) {
    return page.leads().stream().map(Lead::id).toList();
  }

  /** Leads spread over {@link #PARTITIONS} partitions, each at a company drawn from {@code companies}. */
  private static final class Fixture {
    final List<Lead> leads = new ArrayList<>();
    final LocalLeadQueryService engine;

    Fixture(Random random, int count, String[] companies) {
      InMemoryPartitions partitions = new InMemoryPartitions(PARTITIONS, id -> Math.floorMod(id.hashCode(), PARTITIONS));
      for (int i = 0; i < count; i++) {
        Instant created = BASE.plusSeconds(random.nextInt(100) * 3_600L);
        Lead lead =
            aLead(String.format("lead-%05d", i))
                .workspaceId(WORKSPACE)
                .company(companies[random.nextInt(companies.length)])
                .status(STATUSES[random.nextInt(STATUSES.length)])
                .createdAt(created)
                .updatedAt(created)
                .build();
        leads.add(lead);
        partitions.put(lead);
      }
      engine = partitions.service();
    }
  }
}
