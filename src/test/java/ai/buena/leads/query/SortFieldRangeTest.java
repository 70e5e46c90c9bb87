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
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A query whose only filters are time bounds on its sort field is counted from two ranks of that
 * field's order and paged by walking it (with a status too, from the bitmaps): the bounds are
 * strict, leads without the value never match, and the answer is the reference engine's.
 */
class SortFieldRangeTest {
  private static final String WORKSPACE = "ws_range";
  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
  private static final int LEADS = 3_000;
  /** Few distinct times 19 hours apart (bounds inside days, ranges over 32-day runs). */
  private static final int TIMES = 60;

  private static final LeadStatus[] STATUSES = {LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.REPLIED};

  @Test
  void shouldAnswerEveryRangeOnTheSortFieldWithOrWithoutAStatusAsTheReferenceEngine() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Fixture fixture = new Fixture(random);
    for (int i = 0; i < 300; i++) {
      LeadQuery query = rangeQuery(random);

      LeadPage page = fixture.engine.list(WORKSPACE, query);

      LeadPage expected = new ReferenceQueryEngine(fixture.leads).query(WORKSPACE, query);
      assertThat(page.pagination()).as("seed %d, %s", seed, query).isEqualTo(expected.pagination());
      assertThat(ids(page)).as("seed %d, %s", seed, query).containsExactlyElementsOf(ids(expected));
    }
  }

  @Test
  void shouldCountARangeOnTheSortFieldWithoutGatheringItsLeads() {
    Fixture fixture = new Fixture(new Random(7));
    LeadQuery query =
        LeadQuery.builder()
            .createdAfter(time(5))
            .createdBefore(time(55))
            .sortBy(SortField.CREATED_AT)
            .sortOrder(SortOrder.DESC)
            .limit(10)
            .build();

    // gathering the ~2,500 leads in the range as a bitmap costs more than this
    LeadPage page = fixture.engine.list(WORKSPACE, query, new WorkBudget(50));

    LeadPage expected = new ReferenceQueryEngine(fixture.leads).query(WORKSPACE, query);
    assertThat(page.pagination()).isEqualTo(expected.pagination());
    assertThat(ids(page)).containsExactlyElementsOf(ids(expected));
  }

  private static LeadQuery rangeQuery(Random random) {
    boolean created = random.nextBoolean();
    LeadStatus status = random.nextBoolean() ? null : STATUSES[random.nextInt(STATUSES.length)];
    Instant after = random.nextInt(3) == 0 ? null : time(random.nextInt(TIMES + 2) - 1);
    Instant before = random.nextInt(3) == 0 ? null : time(random.nextInt(TIMES + 2) - 1);
    if (after == null && before == null) {
      after = time(random.nextInt(TIMES));
    }
    LeadQuery.Builder query =
        LeadQuery.builder()
            .status(status)
            .sortBy(created ? SortField.CREATED_AT : SortField.LAST_CONTACTED_AT)
            .sortOrder(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC)
            .limit(1 + random.nextInt(40))
            .page(1 + random.nextInt(random.nextBoolean() ? 3 : 120));
    return created
        ? query.createdAfter(after).createdBefore(before).build()
        : query.lastContactedAfter(after).lastContactedBefore(before).build();
  }

  private static Instant time(int slot) {
    return BASE.plusSeconds(19 * 3_600L * slot);
  }

  private static List<String> ids(LeadPage page) {
    return page.leads().stream().map(Lead::id).toList();
  }

  /** Three partitions; three statuses; a quarter of the leads never contacted. */
  private static final class Fixture {
    final List<Lead> leads = new ArrayList<>();
    final LocalLeadQueryService engine;

    Fixture(Random random) {
      List<Map<String, Lead>> stores = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>());
      for (int i = 0; i < LEADS; i++) {
        Instant created = time(random.nextInt(TIMES));
        Lead lead =
            aLead(String.format("lead-%05d", i))
                .workspaceId(WORKSPACE)
                .status(STATUSES[random.nextInt(STATUSES.length)])
                .createdAt(created)
                .updatedAt(created)
                .lastContactedAt(random.nextInt(4) == 0 ? null : time(random.nextInt(TIMES)))
                .build();
        leads.add(lead);
        stores.get(i % 3).put(lead.id(), lead);
      }
      LocalIndexes indexes = new LocalIndexes();
      for (int p = 0; p < 3; p++) {
        Map<String, Lead> store = stores.get(p);
        PartitionIndex partition = new PartitionIndex(p, store::get);
        partition.loadAll(store.values().iterator());
        indexes.register(partition);
      }
      engine = new LocalLeadQueryService(indexes, 3, () -> true, id -> 0);
    }
  }
}
