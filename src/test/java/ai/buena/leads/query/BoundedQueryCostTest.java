package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * The engine under a work budget against the reference of list-leads.md: searches of many short,
 * repeated and nested terms, deep pages and pages past the end. Seeded: a failure names its seed,
 * and {@code -Dcost.seed=N} replays it.
 */
class BoundedQueryCostTest {
  private static final int PARTITIONS = 3;
  private static final String WORKSPACE = "ws_a";
  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
  private static final String[] NAMES = {
    "Ann", "Anna", "Annabel", "Jo", "John", "Johnson", "Joan", "Eric", "Erika", "Ernst", "Zoë", null
  };
  private static final String[] COMPANIES = {"Anderson & Co", "Johnson LLC", "Ernst", "Tech Corp", null};
  private static final String[] TITLES = {"Engineer", "Senior Engineer", "Manager", "CTO", null};
  private static final String[] TERMS = {
    "an", "AN", "ann", "anna", "jo", "john", "johnson", "oh", "er", "eric", "ng", "in", "ee", "co",
    "@", ".", "ë", "zz", "son", "corp", "engineer", "senior engineer"
  };

  @Test
  void shouldAnswerManyTermSearchesAndDeepPagesExactlyAsTheReference() {
    forEachSeed(
        200,
        seed -> {
          Random random = new Random(seed);
          Engines engines = engines(random, 1 + random.nextInt(400), LocalLeadQueryService.DEFAULT_WORK_BUDGET);
          for (int i = 0; i < 20; i++) {
            LeadQuery query = randomQuery(random);
            assertSameAnswer(engines, query);
          }
        });
  }

  @Test
  void shouldAnswerExactlyOrRefuseWholeUnderAnyBudget() {
    forEachSeed(
        200,
        seed -> {
          Random random = new Random(seed);
          Engines engines = engines(random, 1 + random.nextInt(400), random.nextInt(3000));
          for (int i = 0; i < 20; i++) {
            LeadQuery query = randomQuery(random);
            try {
              assertSameAnswer(engines, query);
            } catch (QueryTooExpensiveException refused) {
              // refused whole: no page, no total
            }
          }
        });
  }

  @Test
  void shouldRefuseAQueryThatNeedsMoreWorkThanItsBudget() {
    Engines engines = engines(new Random(1), 2_000, 10);
    LeadQuery query = LeadQuery.builder().searchTerms(List.of("an", "er", "jo")).build();

    assertThatThrownBy(() -> engines.fast().list(WORKSPACE, query)).isInstanceOf(QueryTooExpensiveException.class);
  }

  @Test
  void shouldAnswerAPagePastTheEndFromTheCountWithoutCollectingMatches() {
    Engines engines = engines(new Random(2), 2_000, 0);
    LeadQuery query = LeadQuery.builder().status(LeadStatus.NEW).page(Integer.MAX_VALUE).limit(100).build();

    LeadPage page = engines.fast().list(WORKSPACE, query);

    assertThat(page.leads()).isEmpty();
    assertThat(page.pagination()).isEqualTo(engines.reference().query(WORKSPACE, query).pagination());
  }

  private static void assertSameAnswer(Engines engines, LeadQuery query) {
    LeadPage expected = engines.reference().query(WORKSPACE, query);
    LeadPage actual = engines.fast().list(WORKSPACE, query);
    assertThat(actual.pagination()).as("%s", query).isEqualTo(expected.pagination());
    assertThat(ids(actual)).as("%s", query).containsExactlyElementsOf(ids(expected));
  }

  /** Runs {@code check} for {@code count} seeds, or for {@code -Dcost.seed} alone; names a failing seed. */
  private static void forEachSeed(int count, LongConsumer check) {
    Long replay = Long.getLong("cost.seed");
    long first = replay != null ? replay : new Random().nextLong();
    for (long seed = first; seed < first + (replay != null ? 1 : count); seed++) {
      try {
        check.accept(seed);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("failed for seed " + seed + " (replay with -Dcost.seed=" + seed + ")", e);
      }
    }
  }

  private record Engines(ReferenceQueryEngine reference, LocalLeadQueryService fast) {}

  private static Engines engines(Random random, int count, long budget) {
    InMemoryPartitions partitions = new InMemoryPartitions(PARTITIONS, BoundedQueryCostTest::partitionOf);
    Map<String, Lead> leads = new HashMap<>();
    for (int i = 0; i < count + count / 5; i++) {
      Lead lead = randomLead(random, "lead_" + random.nextInt(count));
      partitions.put(lead);
      leads.put(lead.id(), lead);
    }
    return new Engines(new ReferenceQueryEngine(leads.values()), partitions.service(budget));
  }

  private static int partitionOf(String leadId) {
    return Math.floorMod(leadId.hashCode(), PARTITIONS);
  }

  private static Lead randomLead(Random random, String id) {
    Instant created = BASE.plusSeconds(random.nextInt(1000) * 3600L);
    String first = pick(random, NAMES);
    String last = pick(random, NAMES);
    String company = pick(random, COMPANIES);
    String email =
        first == null ? null : first.toLowerCase() + "." + (last == null ? "x" : last.toLowerCase()) + "@mail.com";
    return new Lead(
        id, WORKSPACE, first, last, email, null, company, pick(random, TITLES), null, null,
        LeadStatus.values()[random.nextInt(LeadStatus.values().length)],
        LeadSource.values()[random.nextInt(LeadSource.values().length)],
        null, List.of(), Map.of(), created, created,
        random.nextBoolean() ? null : created.plusSeconds(random.nextInt(100) * 3600L));
  }

  private static LeadQuery randomQuery(Random random) {
    int limit = 1 + random.nextInt(random.nextBoolean() ? 5 : 100);
    int page =
        switch (random.nextInt(4)) {
          case 0 -> Integer.MAX_VALUE / limit;
          case 1 -> 1 + random.nextInt(60);
          default -> 1 + random.nextInt(3);
        };
    LeadQuery.Builder q =
        LeadQuery.builder()
            .page(page)
            .limit(limit)
            .sortBy(SortField.values()[random.nextInt(SortField.values().length)])
            .sortOrder(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC);
    if (random.nextInt(3) > 0) {
      List<String> terms = new ArrayList<>();
      for (int i = 1 + random.nextInt(8); i > 0; i--) {
        terms.add(pick(random, TERMS));
      }
      q.searchTerms(terms);
    }
    if (random.nextInt(4) == 0) {
      q.status(LeadStatus.values()[random.nextInt(LeadStatus.values().length)]);
    }
    if (random.nextInt(4) == 0) {
      q.source(LeadSource.values()[random.nextInt(LeadSource.values().length)]);
    }
    if (random.nextInt(5) == 0) {
      String company = pick(random, COMPANIES);
      q.company(company == null ? "ernst" : company);
    }
    if (random.nextInt(5) == 0) {
      q.title(random.nextBoolean() ? "engineer" : "er");
    }
    if (random.nextInt(4) == 0) {
      q.createdAfter(BASE.plusSeconds(random.nextInt(1000) * 3600L));
    }
    if (random.nextInt(4) == 0) {
      q.lastContactedBefore(BASE.plusSeconds(random.nextInt(1100) * 3600L));
    }
    return q.build();
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static List<String> ids(LeadPage page) {
    return page.leads().stream().map(Lead::id).toList();
  }
}
