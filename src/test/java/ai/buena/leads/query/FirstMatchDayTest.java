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
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * A walk in {@code createdAt}, {@code lastContactedAt} or {@code updatedAt} order starts at the first
 * day that holds a match (the day buckets tell): matches that all come late in the order, as when recent leads were
 * not contacted before a date or new leads never were, are not walked to lead by lead; and the
 * answers stay the reference engine's, also when the times are spread over too many days to search.
 */
class FirstMatchDayTest {
  private static final String WORKSPACE = "ws_days";
  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
  private static final int PARTITIONS = 3;
  private static final long DAY = 86_400;
  private static final LeadStatus[] STATUSES = {LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.REPLIED};
  private static final SortField[] TIME_FIELDS = {SortField.CREATED_AT, SortField.LAST_CONTACTED_AT, SortField.UPDATED_AT};

  @Test
  void shouldAnswerPagesOfMatchesBunchedInTimeAsTheReference() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    // created over 300 days; contacted (not new) only when created in the first 100; times at any
    // second, so days hold several leads and bounds fall inside days
    Fixture fixture = new Fixture(6_000, i -> contactedEarly(random, i));

    assertRandomQueriesAnsweredAsTheReference(fixture, random, seed, 300);
  }

  @Test
  void shouldAnswerAsTheReferenceWhenTimesSpreadOverMoreDaysThanTheSearchTests() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    // each lead in a 32-day run of its own, over 800 years: the search for the first day gives up
    Fixture fixture =
        new Fixture(
            2_000,
            i -> {
              Instant created = BASE.plusSeconds(i * 40 * DAY + random.nextInt(86_400));
              boolean isNew = random.nextInt(3) == 0;
              return lead(i, created, isNew ? LeadStatus.NEW : LeadStatus.CONTACTED, isNew ? null : created.plusSeconds(DAY));
            });

    assertRandomQueriesAnsweredAsTheReference(fixture, random, seed, 100);
  }

  private static void assertRandomQueriesAnsweredAsTheReference(Fixture fixture, Random random, long seed, int queries) {
    ReferenceQueryEngine reference = new ReferenceQueryEngine(fixture.leads);
    for (int i = 0; i < queries; i++) {
      LeadQuery query = randomQuery(random);

      LeadPage page = fixture.engine.list(WORKSPACE, query);

      LeadPage expected = reference.query(WORKSPACE, query);
      assertThat(page.pagination()).as("seed %d, %s", seed, query).isEqualTo(expected.pagination());
      assertThat(ids(page)).as("seed %d, %s", seed, query).containsExactlyElementsOf(ids(expected));
    }
  }

  /**
   * 30,000 leads created over 300 days, contacted only when created in the first 100: leads
   * contacted before day 100, newest first, are all after the 20,000 created later. The walk starts
   * at the first day holding one (a few dozen buckets tested), not 20,000 positions before it.
   */
  @Test
  void shouldStartTheWalkAtTheNewestDayHoldingAMatch() {
    Fixture fixture = new Fixture(30_000, i -> contactedEarly(new Random(i), i));
    LeadQuery query =
        LeadQuery.builder()
            .status(LeadStatus.CONTACTED)
            .lastContactedBefore(BASE.plusSeconds(100 * DAY))
            .sortBy(SortField.CREATED_AT)
            .sortOrder(SortOrder.DESC)
            .limit(10)
            .build();

    assertChargedLittleAndExact(fixture, query);
  }

  /**
   * Leads are updated within five days of their creation, so those created in the first 60 of 300
   * days come after every later one by {@code updatedAt} descending: the walk starts at the newest
   * updated day holding one of them, not 24,000 positions before it.
   */
  @Test
  void shouldStartTheWalkInUpdatedAtOrderAtTheNewestDayHoldingAMatch() {
    Fixture fixture = new Fixture(30_000, i -> updatedSoonAfterCreation(new Random(i), i));
    LeadQuery query =
        LeadQuery.builder()
            .createdBefore(BASE.plusSeconds(60 * DAY))
            .sortBy(SortField.UPDATED_AT)
            .sortOrder(SortOrder.DESC)
            .limit(10)
            .build();

    assertChargedLittleAndExact(fixture, query);
  }

  @Test
  void shouldAnswerPagesInUpdatedAtOrderAsTheReference() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Fixture fixture = new Fixture(6_000, i -> updatedSoonAfterCreation(random, i));

    assertRandomQueriesAnsweredAsTheReference(fixture, random, seed, 300);
  }

  /** Created over 300 days, updated (and, when not new, contacted) within five days of that. */
  private static Lead updatedSoonAfterCreation(Random random, int i) {
    Instant created = BASE.plusSeconds(random.nextInt(300 * 86_400));
    LeadStatus status = STATUSES[random.nextInt(STATUSES.length)];
    Instant contacted = status == LeadStatus.NEW ? null : created.plusSeconds(random.nextInt(3 * 86_400));
    return aLead(String.format("lead-%05d", i))
        .workspaceId(WORKSPACE)
        .status(status)
        .createdAt(created)
        .updatedAt(created.plusSeconds(random.nextInt(5 * 86_400)).plusSeconds(3 * 86_400))
        .lastContactedAt(contacted)
        .build();
  }

  /**
   * New leads were never contacted, so by {@code lastContactedAt} they come after every contacted
   * lead in both directions: the walk starts at the leads without a value.
   */
  @Test
  void shouldStartTheWalkOfLeadsNeverContactedAtTheLeadsWithoutAValue() {
    Fixture fixture = new Fixture(30_000, i -> contactedEarly(new Random(i), i));
    for (SortOrder order : SortOrder.values()) {
      LeadQuery query =
          LeadQuery.builder().status(LeadStatus.NEW).sortBy(SortField.LAST_CONTACTED_AT).sortOrder(order).limit(10).build();

      assertChargedLittleAndExact(fixture, query);
    }
  }

  /**
   * Exact, and charged less than a third of what walking to the first match costs here (3,529 units
   * for the newest day, 1,257 for the leads without a value; counting the matches of the first
   * takes about 300).
   */
  private static void assertChargedLittleAndExact(Fixture fixture, LeadQuery query) {
    WorkBudget budget = new WorkBudget(LocalLeadQueryService.DEFAULT_WORK_BUDGET);

    LeadPage page = fixture.engine.list(WORKSPACE, query, budget);

    assertThat(page).as("%s", query).isEqualTo(new ReferenceQueryEngine(fixture.leads).query(WORKSPACE, query));
    assertThat(budget.spent()).as("%s", query).isLessThan(450);
  }

  /** Created over 300 days; contacted, and not new, only when created in the first 100 days. */
  private static Lead contactedEarly(Random random, int i) {
    Instant created = BASE.plusSeconds(random.nextInt(300 * 86_400));
    boolean early = created.isBefore(BASE.plusSeconds(100 * DAY));
    LeadStatus status = early ? STATUSES[1 + random.nextInt(2)] : LeadStatus.NEW;
    return lead(i, created, status, early ? created.plusSeconds(random.nextInt(200 * 86_400)) : null);
  }

  private static Lead lead(int i, Instant created, LeadStatus status, Instant contacted) {
    return aLead(String.format("lead-%05d", i))
        .workspaceId(WORKSPACE)
        .status(status)
        .createdAt(created)
        .updatedAt(created)
        .lastContactedAt(contacted)
        .build();
  }

  private static LeadQuery randomQuery(Random random) {
    LeadQuery.Builder query =
        LeadQuery.builder()
            .sortBy(TIME_FIELDS[random.nextInt(TIME_FIELDS.length)])
            .sortOrder(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC)
            .limit(1 + random.nextInt(100));
    if (random.nextInt(4) != 0) {
      query.status(STATUSES[random.nextInt(STATUSES.length)]);
    }
    Instant someDay = BASE.plusSeconds(random.nextInt(300 * 86_400));
    switch (random.nextInt(5)) {
      case 0 -> query.lastContactedBefore(someDay);
      case 1 -> query.lastContactedAfter(someDay);
      case 2 -> query.createdBefore(someDay);
      case 3 -> query.createdAfter(someDay);
      default -> { }
    }
    // first pages and deep ones (an offset of 1,000 and more)
    return query.page(random.nextBoolean() ? 1 + random.nextInt(3) : 1 + random.nextInt(60)).build();
  }

  private static List<String> ids(LeadPage page) {
    return page.leads().stream().map(Lead::id).toList();
  }

  /** {@code count} leads made by {@code made}, spread over {@link #PARTITIONS} partitions. */
  private static final class Fixture {
    final List<Lead> leads = new ArrayList<>();
    final LocalLeadQueryService engine;

    Fixture(int count, IntFunction<Lead> made) {
      InMemoryPartitions partitions = new InMemoryPartitions(PARTITIONS, id -> Math.floorMod(id.hashCode(), PARTITIONS));
      for (int i = 0; i < count; i++) {
        Lead lead = made.apply(i);
        leads.add(lead);
        partitions.put(lead);
      }
      engine = partitions.service();
    }
  }
}
