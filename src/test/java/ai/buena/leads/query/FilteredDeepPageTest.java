package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
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
import java.util.function.LongConsumer;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * Filtered pages at least {@link LocalLeadQueryService#DEEP_OFFSET} deep ({@link
 * FilteredDeepPage}) against the reference of list-leads.md: random filters, pages, limits, sorts
 * and directions over leads with many ties and nulls, changed and removed after they were indexed.
 * Seeded: a failure names its seed, and {@code -Ddeep.seed=N} replays it.
 */
class FilteredDeepPageTest {
  private static final String WORKSPACE = "ws_deep";
  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
  private static final String[] FIRST = {"Ann", "anna", "Jo", "John", "Eric", "Zoë", null};
  private static final String[] LAST = {"Anderson", "Johnson", "Ernst", "Lee", null};
  private static final String[] COMPANIES = {"Acme", "acme", "Johnson LLC", "Tech Corp", null};
  private static final String[] TITLES = {"Engineer", "Senior Engineer", "Manager", null};
  private static final String[] TERMS = {"an", "jo", "e", "son", "acme", "engineer", "mail", "er"};

  @Test
  void shouldAnswerDeepFilteredPagesExactlyAsTheReference() {
    forEachSeed(
        6,
        seed -> {
          Random random = new Random(seed);
          int partitions = 1 + random.nextInt(6);
          int leads = 2_500 + random.nextInt(2_000);
          Engines engines = engines(random, leads, partitions, spread(partitions));
          for (int asked = 0; asked < 25; ) {
            LeadQuery first = randomFilters(random).limit(1 + random.nextInt(100)).build();
            long total = engines.reference().query(WORKSPACE, first).pagination().total();
            if (total <= LocalLeadQueryService.DEEP_OFFSET) {
              continue;
            }
            asked++;
            assertSameAnswer(engines, deepPage(random, first, total));
          }
        });
  }

  @Test
  void shouldAnswerDeepFilteredPagesWhenEachPartitionHoldsARunOfTheOrder() {
    forEachSeed(
        2,
        seed -> {
          Random random = new Random(seed);
          int partitions = 2 + random.nextInt(5);
          // leads created one after the other, a partition holding each run of 300 of them: a
          // partition's share of the answer up to a page is not what its count says
          Engines engines = engines(random, 3_000, partitions, runsOf(300, partitions));
          for (int asked = 0; asked < 20; ) {
            LeadQuery first =
                randomFilters(random)
                    .sortBy(random.nextBoolean() ? SortField.CREATED_AT : SortField.UPDATED_AT)
                    .limit(1 + random.nextInt(100))
                    .build();
            long total = engines.reference().query(WORKSPACE, first).pagination().total();
            if (total <= LocalLeadQueryService.DEEP_OFFSET) {
              continue;
            }
            asked++;
            assertSameAnswer(engines, deepPage(random, first, total));
          }
        });
  }

  @Test
  void shouldAnswerDeepPagesOfAQueryBoundingItsOwnSortField() {
    forEachSeed(
        2,
        seed -> {
          Random random = new Random(seed);
          int partitions = 1 + random.nextInt(6);
          Engines engines = engines(random, 4_000, partitions, spread(partitions));
          for (int asked = 0; asked < 24; ) {
            LeadQuery.Builder q = LeadQuery.builder().limit(1 + random.nextInt(100));
            Instant early = BASE.plusSeconds(random.nextInt(40) * 3600L);
            Instant late = BASE.plusSeconds((160 + random.nextInt(100)) * 3600L);
            switch (random.nextInt(4)) {
              case 0 -> q.sortBy(SortField.CREATED_AT).createdAfter(early);
              case 1 -> q.sortBy(SortField.CREATED_AT).createdBefore(late);
              case 2 -> q.sortBy(SortField.LAST_CONTACTED_AT).lastContactedAfter(early);
              default -> q.sortBy(SortField.LAST_CONTACTED_AT).lastContactedBefore(late).lastContactedAfter(
                  random.nextBoolean() ? early : null);
            }
            LeadQuery first = q.sortOrder(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC).build();
            long total = engines.reference().query(WORKSPACE, first).pagination().total();
            if (total <= LocalLeadQueryService.DEEP_OFFSET) {
              continue;
            }
            asked++;
            LeadQuery deep = deepPage(random, first, total);
            assertSameAnswer(engines, deep.toBuilder().sortBy(first.sortBy()).sortOrder(first.sortOrder()).build());
          }
        });
  }

  /**
   * 30,000 leads over 6 partitions, most with an address at mail.com: the middle page of {@code
   * search=mail} walks each partition to about the middle of its order (a unit per {@link
   * FilteredDeepPage#SCAN_STEPS_PER_UNIT} positions), reads the matches' bits once (the same), and
   * selects by rank (about {@code n log2(size)} pivots, each ranked in the n partitions); it is not
   * charged per lead before the page.
   */
  @Test
  void shouldChargeADeepFilteredPageItsWalkToThePageNotEveryLeadBeforeIt() {
    int leads = 30_000;
    Engines engines = engines(new Random(7), leads, 6, spread(6));
    LeadQuery first = LeadQuery.builder().searchTerms(List.of("mail")).limit(100).build();
    long total = engines.reference().query(WORKSPACE, first).pagination().total();
    LeadQuery middle = first.toBuilder().page((int) (total / 2 / 100)).build();
    WorkBudget budget = new WorkBudget(LocalLeadQueryService.DEFAULT_WORK_BUDGET);

    LeadPage page = engines.fast().list(WORKSPACE, middle, budget);

    assertThat(page).isEqualTo(engines.reference().query(WORKSPACE, middle));
    long walkToThePage = (long) (0.6 * leads) / FilteredDeepPage.SCAN_STEPS_PER_UNIT;
    long bitsOfTheMatches = total / FilteredDeepPage.SCAN_STEPS_PER_UNIT;
    int log2 = 64 - Long.numberOfLeadingZeros(leads / 6);
    long selection = 6 * (log2 + 1) * 6 * 2L * log2 + 6 * 101;
    assertThat(budget.spent()).isLessThan(walkToThePage + bitsOfTheMatches + selection);
    assertThat(budget.spent()).isLessThan(total / 2);
  }

  /**
   * A quarter of 40,000 leads are new and were never contacted, so by {@code lastContactedAt} they
   * all come after every other lead, in both directions (nulls last). A deep page of {@code
   * status=new} walks past the others to them (a unit per {@link
   * FilteredDeepPage#SCAN_STEPS_PER_UNIT} positions, about 2,000 here) where its estimate, which
   * assumes the matches spread evenly, says a seventh of that: it is not given up for collecting and
   * sorting every new lead (about 50,000 units; at a million leads, more than the whole budget).
   */
  @Test
  void shouldWalkToADeepPageWhoseMatchesAllComeAtTheEndOfTheOrder() {
    int leads = 40_000;
    Engines engines = engines(new Random(3), leads, 1, id -> 0, LeadsNeverContactedWhenNew::lead);
    for (SortOrder order : SortOrder.values()) {
      LeadQuery deep =
          LeadQuery.builder().status(LeadStatus.NEW).sortBy(SortField.LAST_CONTACTED_AT).sortOrder(order)
              .limit(100).page(11).build();
      WorkBudget budget = new WorkBudget(LocalLeadQueryService.DEFAULT_WORK_BUDGET);

      LeadPage page = engines.fast().list(WORKSPACE, deep, budget);

      assertThat(page).as("%s", order).isEqualTo(engines.reference().query(WORKSPACE, deep));
      assertThat(budget.spent()).as("%s", order).isLessThan(leads / FilteredDeepPage.SCAN_STEPS_PER_UNIT + 2_000);
    }
  }

  /** Leads of which a quarter are new and were never contacted; the others contacted at any time. */
  private static final class LeadsNeverContactedWhenNew {
    static Lead lead(Random random, String id, int number) {
      Instant created = BASE.plusSeconds(number * 60L);
      boolean isNew = random.nextInt(4) == 0;
      LeadStatus status = isNew ? LeadStatus.NEW : LeadStatus.values()[1 + random.nextInt(LeadStatus.values().length - 1)];
      return new Lead(
          id, WORKSPACE, "Ann", "Lee", null, null, null, null, null, null, status, LeadSource.WEBSITE,
          null, List.of(), Map.of(), created, created,
          isNew ? null : BASE.plusSeconds(random.nextInt(1_000_000) * 60L));
    }
  }

  @Test
  void shouldPlanTheDeepPageOnTheNewTotalWhenAPartitionChangedAfterItWasCounted() {
    Engines engines = engines(new Random(11), 4_000, 2, spread(2));
    LeadQuery first = LeadQuery.builder().searchTerms(List.of("mail")).limit(100).build();
    long total = engines.fast().list(WORKSPACE, first).pagination().total();
    LeadQuery last = first.toBuilder().page((int) ((total - 1) / 100 + 1)).build();
    List<PartitionIndex> held = List.of(engines.partition(0), engines.partition(1));
    WorkBudget budget = new WorkBudget(LocalLeadQueryService.DEFAULT_WORK_BUDGET);
    long[] versions = new long[2];
    List<PartitionPlanner.Matched> counted = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      int at = i;
      counted.add(
          held.get(i).read(WORKSPACE, view -> {
            versions[at] = view.version();
            return PartitionPlanner.match(view.workspace(), last, budget);
          }));
    }
    engines.add(randomLead(new Random(1), "lead_99999", 0));

    FilteredDeepPage.Found found =
        FilteredDeepPage.find(
            new FilteredDeepPage.Request(held, WORKSPACE, last, (last.page() - 1) * 100L, versions, counted),
            budget);

    assertThat(found.total()).isEqualTo(engines.fast().list(WORKSPACE, last).pagination().total());
  }

  private static LeadQuery deepPage(Random random, LeadQuery first, long total) {
    int limit = first.limit();
    long deepest = total / limit + 2;
    long lowest = LocalLeadQueryService.DEEP_OFFSET / limit + 1;
    long page = lowest + (long) (random.nextDouble() * (deepest - lowest + 1));
    return first.toBuilder()
        .page((int) Math.max(lowest, page))
        .sortBy(random.nextInt(3) == 0 ? first.sortBy() : SortField.values()[random.nextInt(SortField.values().length)])
        .sortOrder(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC)
        .build();
  }

  private static void assertSameAnswer(Engines engines, LeadQuery query) {
    LeadPage expected = engines.reference().query(WORKSPACE, query);
    LeadPage actual = engines.fast().list(WORKSPACE, query);
    assertThat(actual.pagination()).as("%s", query).isEqualTo(expected.pagination());
    assertThat(ids(actual)).as("%s", query).containsExactlyElementsOf(ids(expected));
    assertThat(actual.nextCursor()).as("%s", query).isEqualTo(expected.nextCursor());
  }

  /** Filters that often match more than a thousand of a few thousand leads. */
  private static LeadQuery.Builder randomFilters(Random random) {
    LeadQuery.Builder q = LeadQuery.builder();
    if (random.nextInt(3) == 0) {
      q.status(LeadStatus.values()[random.nextInt(2)]);
    }
    if (random.nextInt(4) == 0) {
      q.source(LeadSource.values()[random.nextInt(2)]);
    }
    if (random.nextInt(3) == 0) {
      q.searchTerms(List.of(pick(random, TERMS)));
    }
    if (random.nextInt(6) == 0) {
      q.company("acme");
    }
    if (random.nextInt(6) == 0) {
      q.title(random.nextBoolean() ? "engineer" : "er");
    }
    if (random.nextInt(5) == 0) {
      q.createdAfter(BASE.plusSeconds(random.nextInt(200) * 3600L));
    }
    if (random.nextInt(5) == 0) {
      q.lastContactedBefore(BASE.plusSeconds(random.nextInt(1100) * 3600L));
    }
    if (random.nextInt(8) == 0) {
      q.lastContactedAfter(BASE.plusSeconds(random.nextInt(500) * 3600L));
    }
    return q;
  }

  /** Runs {@code check} for {@code count} seeds, or for {@code -Ddeep.seed} alone; names a failing seed. */
  private static void forEachSeed(int count, LongConsumer check) {
    Long replay = Long.getLong("deep.seed");
    long first = replay != null ? replay : new Random().nextLong();
    for (long seed = first; seed < first + (replay != null ? 1 : count); seed++) {
      try {
        check.accept(seed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("failed for seed " + seed + " (replay with -Ddeep.seed=" + seed + ")", e);
      }
    }
  }

  private record Engines(
      ReferenceQueryEngine reference,
      LocalLeadQueryService fast,
      LocalIndexes indexes,
      List<Map<String, Lead>> stores,
      ToIntFunction<String> partitionOf) {

    PartitionIndex partition(int p) {
      return indexes.partition(p).orElseThrow();
    }

    /** {@code lead}, new, in its partition's store and index (not in the reference). */
    void add(Lead lead) {
      int p = partitionOf.applyAsInt(lead.id());
      partition(p).change(() -> stores.get(p).put(lead.id(), lead), null, lead);
    }
  }

  /** Leads {@code lead_00000}...: indexed, then a fifth of them changed and a tenth removed. */
  private static Engines engines(Random random, int count, int partitions, ToIntFunction<String> partitionOf) {
    return engines(random, count, partitions, partitionOf, FilteredDeepPageTest::randomLead);
  }

  /** A lead made from a random source, its id and its number. */
  private interface LeadMaker {
    Lead make(Random random, String id, int number);
  }

  /** {@link #engines(Random, int, int, ToIntFunction)} with leads {@code made} so. */
  private static Engines engines(
      Random random, int count, int partitions, ToIntFunction<String> partitionOf, LeadMaker made) {
    List<Map<String, Lead>> stores = new ArrayList<>();
    LocalIndexes indexes = new LocalIndexes();
    for (int p = 0; p < partitions; p++) {
      Map<String, Lead> store = new HashMap<>();
      stores.add(store);
      indexes.register(new PartitionIndex(p, store::get));
    }
    Map<String, Lead> leads = new HashMap<>();
    for (int i = 0; i < count + count / 5 + count / 10; i++) {
      int number = i < count ? i : random.nextInt(count);
      String id = String.format("lead_%05d", number);
      int p = partitionOf.applyAsInt(id);
      Lead before = stores.get(p).get(id);
      PartitionIndex index = indexes.partition(p).orElseThrow();
      if (i >= count + count / 5) {
        if (before != null) {
          index.change(() -> stores.get(p).remove(id), before, null);
          leads.remove(id);
        }
        continue;
      }
      Lead lead = made.make(random, id, number);
      index.change(() -> stores.get(p).put(id, lead), before, lead);
      leads.put(id, lead);
    }
    return new Engines(
        new ReferenceQueryEngine(leads.values()),
        new LocalLeadQueryService(indexes, partitions, () -> true, partitionOf),
        indexes,
        stores,
        partitionOf);
  }

  private static ToIntFunction<String> spread(int partitions) {
    return id -> Math.floorMod(id.hashCode() * 31 + 7, partitions);
  }

  private static ToIntFunction<String> runsOf(int run, int partitions) {
    return id -> (Integer.parseInt(id.substring(5)) / run) % partitions;
  }

  /** Few distinct values, so many leads tie on the sort field and their ids decide. */
  private static Lead randomLead(Random random, String id, int number) {
    Instant created = BASE.plusSeconds((number / 20) * 3600L);
    String first = pick(random, FIRST);
    String last = pick(random, LAST);
    String email =
        first == null ? null : first.toLowerCase() + "." + (last == null ? "x" : last.toLowerCase()) + "@mail.com";
    return new Lead(
        id, WORKSPACE, first, last, email, null, pick(random, COMPANIES), pick(random, TITLES), null, null,
        LeadStatus.values()[random.nextInt(LeadStatus.values().length)],
        LeadSource.values()[random.nextInt(LeadSource.values().length)],
        null, List.of(), Map.of(), created, created.plusSeconds(random.nextInt(5) * 3600L),
        random.nextInt(3) == 0 ? null : created.plusSeconds(random.nextInt(100) * 3600L));
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static List<String> ids(LeadPage page) {
    return page.leads().stream().map(Lead::id).toList();
  }
}
