package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.testing.Seeded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast engine against the plain reference of list-leads.md, on random leads and queries. */
class LocalLeadQueryServiceTest {
  private static final int PARTITIONS = 3;
  private static final List<String> WORKSPACES = List.of("ws_a", "ws_b");
  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
  /** Times spread over several days, some at midnight, so ranges start and end inside and on days. */
  private static final long TIME_STEP = 4 * 3600L;
  private static final String[] NAMES = {"John", "john", "Jane", "Émile", "𝔄lpha", "\uFF21bc", "\uFFFFz", "Zoë", "", null};
  private static final String[] COMPANIES = {"Tech Corp", "tech corp", "Google", "Startup Inc", null};
  private static final String[] TITLES = {
    "Senior Software Engineer", "CTO", "software engineer", "VP Sales", null
  };
  private static final String[] TITLE_PARTS = {"engineer", "ct", "e", "r s", "software engineer"};
  private static final String[] SEARCHES = {
    "john", "software", "john software", "tech", "o", "zz", "CORP", "ohn", "e@t", "johnjohn",
    "𝔄lp", "ë", "engineer cto", "r s"
  };

  @Test
  void shouldAnswerRandomQueriesExactlyAsTheReference() {
    Seeded.check(300, random -> assertSameAnswers(random, 1 + random.nextInt(250), 20));
  }

  @Test
  void shouldAnswerExactlyAsTheReferenceWhenMatchesAreManyAndDense() {
    Seeded.check(3, random -> assertSameAnswers(random, 16_384, 40));
  }

  @Test
  void shouldAnswerDateRangesAskedAgainAfterLeadsChangeExactlyAsTheReference() {
    Seeded.check(
        40,
        random -> {
          Map<String, Lead> store = new HashMap<>();
          PartitionIndex index = new PartitionIndex(0, store::get);
          LocalIndexes indexes = new LocalIndexes();
          indexes.register(index);
          LocalLeadQueryService fast = new LocalLeadQueryService(indexes, 1, () -> true, id -> 0);
          for (int i = 0; i < 1 + random.nextInt(300); i++) {
            Lead lead = randomLead(random, "lead_" + random.nextInt(400));
            Lead before = store.get(lead.id());
            index.change(() -> store.put(lead.id(), lead), before, lead);
          }
          List<LeadQuery> ranges = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            LeadQuery.Builder q =
                LeadQuery.builder()
                    .limit(1 + random.nextInt(30))
                    .sortBy(SortField.values()[random.nextInt(SortField.values().length)]);
            if (random.nextBoolean()) {
              q.createdAfter(BASE.plusSeconds(random.nextInt(20) * TIME_STEP));
            }
            if (random.nextBoolean()) {
              q.createdBefore(BASE.plusSeconds(random.nextInt(20) * TIME_STEP));
            } else {
              q.lastContactedBefore(BASE.plusSeconds(random.nextInt(40) * TIME_STEP / 2));
            }
            if (random.nextBoolean()) {
              q.status(LeadStatus.values()[random.nextInt(LeadStatus.values().length)]);
            }
            ranges.add(q.build());
          }
          for (int step = 0; step < 30; step++) {
            ReferenceQueryEngine reference = new ReferenceQueryEngine(new ArrayList<>(store.values()));
            for (LeadQuery query : ranges) {
              for (String workspace : WORKSPACES) {
                LeadPage expected = reference.query(workspace, query);
                LeadPage actual = fast.list(workspace, query);
                assertThat(actual.pagination()).as("step %d %s", step, query).isEqualTo(expected.pagination());
                assertThat(ids(actual)).as("step %d %s", step, query).containsExactlyElementsOf(ids(expected));
              }
            }
            Lead changed = randomLead(random, "lead_" + random.nextInt(400));
            Lead before = store.get(changed.id());
            if (before != null && random.nextInt(4) == 0) {
              index.change(() -> store.remove(changed.id()), before, null);
            } else {
              index.change(() -> store.put(changed.id(), changed), before, changed);
            }
          }
        });
  }

  @Test
  void shouldAnswerDeepUnfilteredPagesExactlyAsTheReference() {
    Seeded.check(30, LocalLeadQueryServiceTest::assertSameDeepPages);
  }

  private static void assertSameDeepPages(Random random) {
    Engines engines = engines(random, 1 + random.nextInt(3000));
    for (int i = 0; i < 10; i++) {
      String workspace = WORKSPACES.get(random.nextInt(WORKSPACES.size()));
      int limit = 1 + random.nextInt(100);
      LeadQuery query =
          LeadQuery.builder()
              .limit(limit)
              .page(1 + (int) (LocalLeadQueryService.DEEP_OFFSET / limit) + random.nextInt(20))
              .sortBy(SortField.values()[random.nextInt(SortField.values().length)])
              .sortOrder(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC)
              .build();
      LeadPage expected = engines.reference.query(workspace, query);
      LeadPage actual = engines.fast.list(workspace, query);
      assertThat(actual.pagination()).as("%s", query).isEqualTo(expected.pagination());
      assertThat(ids(actual)).as("%s", query).containsExactlyElementsOf(ids(expected));
    }
  }

  @Test
  void shouldExportEveryMatchOnceInOrderWithCursorsExactlyAsTheReference() {
    Seeded.check(100, LocalLeadQueryServiceTest::assertSameExport);
  }

  private static void assertSameExport(Random random) {
    Engines engines = engines(random, 1 + random.nextInt(200));
    LeadQuery query = randomQuery(random).toBuilder().page(1).build();
    String workspace = WORKSPACES.get(random.nextInt(WORKSPACES.size()));
    List<String> all =
        ids(engines.reference.query(workspace, query.toBuilder().limit(100).build()));
    long total = engines.reference.query(workspace, query).pagination().total();

    List<String> exported = new ArrayList<>();
    LeadQuery next = query;
    for (int pages = 0; pages <= total + 1; pages++) {
      LeadPage expected = engines.reference.query(workspace, next);
      LeadPage actual = engines.fast.list(workspace, next);
      assertThat(ids(actual)).containsExactlyElementsOf(ids(expected));
      assertThat(actual.nextCursor()).isEqualTo(expected.nextCursor());
      exported.addAll(ids(actual));
      if (actual.nextCursor() == null) {
        break;
      }
      next = query.toBuilder().after(Cursors.decode(actual.nextCursor(), query).orElseThrow()).build();
    }
    assertThat(exported).hasSize((int) total).doesNotHaveDuplicates();
    if (total <= 100) {
      assertThat(exported).containsExactlyElementsOf(all);
    }
  }

  @Test
  void shouldNeitherSkipNorRepeatALeadWhenLeadsArriveAndChangeBetweenCursorPages() {
    Random random = new Random(11);
    LocalIndexes indexes = new LocalIndexes();
    Map<String, Lead> store = new HashMap<>();
    PartitionIndex index = new PartitionIndex(0, store::get);
    indexes.register(index);
    LocalLeadQueryService service = new LocalLeadQueryService(indexes, 1, () -> true, id -> 0);
    for (int i = 0; i < 300; i++) {
      Lead lead = withWorkspace(randomLead(random, "lead_" + i), "ws_a");
      index.change(() -> store.put(lead.id(), lead), null, lead);
    }
    List<String> before = new ArrayList<>(store.keySet());
    LeadQuery query = LeadQuery.builder().limit(7).sortBy(SortField.CREATED_AT).sortOrder(SortOrder.ASC).build();

    List<String> exported = new ArrayList<>();
    LeadPage page = service.list("ws_a", query);
    int added = 0;
    while (true) {
      exported.addAll(ids(page));
      Lead fresh = withWorkspace(randomLead(random, "lead_new_" + added++), "ws_a");
      index.change(() -> store.put(fresh.id(), fresh), null, fresh);
      Lead old = store.get(before.get(random.nextInt(before.size())));
      Lead renamed = new Lead(old.id(), old.workspaceId(), "Changed", old.lastName(), old.email(),
          old.linkedinUrl(), old.company(), old.title(), old.phone(), old.location(), old.status(),
          old.source(), old.notes(), old.tags(), old.customFields(), old.createdAt(),
          old.updatedAt(), old.lastContactedAt());
      index.change(() -> store.put(renamed.id(), renamed), old, renamed);
      if (page.nextCursor() == null) {
        break;
      }
      page = service.list("ws_a", query.toBuilder().after(Cursors.decode(page.nextCursor(), query).orElseThrow()).build());
    }

    assertThat(exported).doesNotHaveDuplicates().containsAll(before);
  }

  @Test
  void shouldRefuseToAnswerWhenAPartitionIsMissing() {
    LocalIndexes indexes = new LocalIndexes();
    indexes.register(new PartitionIndex(0, id -> null));
    LocalLeadQueryService service =
        new LocalLeadQueryService(indexes, 2, () -> true, id -> 0);

    assertThatThrownBy(() -> service.list("ws_a", LeadQuery.defaults()))
        .isInstanceOf(UnavailableException.class)
        .hasMessage("1 of 2 partitions are available here");
  }

  @Test
  void shouldRefuseToAnswerWhileTheProjectionIsNotRunning() {
    LocalLeadQueryService service =
        new LocalLeadQueryService(new LocalIndexes(), 0, () -> false, id -> 0);

    assertThatThrownBy(() -> service.get("ws_a", "lead_1")).isInstanceOf(UnavailableException.class);
  }

  /**
   * Partition 0's read of the page's leads renames a lead of partition 1 that the page placed:
   * partition 1 is read after the change, so the page must be computed again (its lead moved off
   * it), not answered with the new lead in the old lead's place.
   */
  @Test
  void shouldComputeThePageAgainWhenOneOfItsLeadsChangesBetweenPlacingAndReading() {
    List<Map<String, Lead>> stores = List.of(new HashMap<>(), new HashMap<>());
    PartitionIndex[] partitions = new PartitionIndex[2];
    Lead moved = TestLeads.aLead("lead_1").firstName("a1").build();
    Lead renamed = TestLeads.aLead("lead_1").firstName("z1").build();
    boolean[] renamedOnce = {false};
    for (int p = 0; p < 2; p++) {
      Map<String, Lead> store = stores.get(p);
      partitions[p] =
          new PartitionIndex(
              p,
              id -> {
                if (!renamedOnce[0]) {
                  renamedOnce[0] = true;
                  partitions[1].change(() -> stores.get(1).put(renamed.id(), renamed), moved, renamed);
                }
                return store.get(id);
              });
    }
    LocalIndexes indexes = new LocalIndexes();
    indexes.register(partitions[0]);
    indexes.register(partitions[1]);
    LocalLeadQueryService service =
        new LocalLeadQueryService(indexes, 2, () -> true, id -> Integer.parseInt(id.substring(5)) % 2);
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Lead lead = i == 1 ? moved : TestLeads.aLead("lead_" + i).firstName("a" + i).build();
      leads.add(lead);
      Map<String, Lead> store = stores.get(i % 2);
      partitions[i % 2].change(() -> store.put(lead.id(), lead), null, lead);
    }
    LeadQuery query =
        LeadQuery.builder().limit(5).sortBy(SortField.FIRST_NAME).sortOrder(SortOrder.ASC).build();

    LeadPage page = service.list(TestLeads.WORKSPACE, query);

    assertThat(renamedOnce[0]).isTrue();
    assertThat(ids(page)).containsExactly("lead_0", "lead_2", "lead_3", "lead_4", "lead_5");
  }

  @Test
  void shouldNotShowALeadOfAnotherWorkspace() {
    Random random = new Random(7);
    Engines engines = engines(random, 50);
    Lead lead = engines.leads.get(0);
    String other = lead.workspaceId().equals("ws_a") ? "ws_b" : "ws_a";

    assertThat(engines.fast.get(lead.workspaceId(), lead.id())).contains(lead);
    assertThat(engines.fast.get(other, lead.id())).isEmpty();
  }

  private static void assertSameAnswers(Random random, int leadCount, int queries) {
    Engines engines = engines(random, leadCount);
    for (int i = 0; i < queries; i++) {
      LeadQuery query = randomQuery(random);
      String workspace = WORKSPACES.get(random.nextInt(WORKSPACES.size()));
      LeadPage expected = engines.reference.query(workspace, query);
      LeadPage actual = engines.fast.list(workspace, query);
      assertThat(actual.pagination()).as("%s", query).isEqualTo(expected.pagination());
      assertThat(ids(actual)).as("%s", query).containsExactlyElementsOf(ids(expected));
      assertThat(actual.leads()).containsExactlyElementsOf(expected.leads());
    }
  }

  private record Engines(List<Lead> leads, ReferenceQueryEngine reference, LocalLeadQueryService fast) {}

  private static Engines engines(Random random, int count) {
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      leads.add(randomLead(random, "lead_" + Integer.toString(random.nextInt(count * 4), 36) + "_" + i));
    }
    List<Map<String, Lead>> stores = new ArrayList<>();
    LocalIndexes indexes = new LocalIndexes();
    for (int p = 0; p < PARTITIONS; p++) {
      Map<String, Lead> store = new HashMap<>();
      stores.add(store);
      indexes.register(new PartitionIndex(p, store::get));
    }
    if (random.nextBoolean()) {
      // as a task rebuilds its index from the store
      for (Lead lead : leads) {
        stores.get(partitionOf(lead.id())).put(lead.id(), lead);
      }
      for (int p = 0; p < PARTITIONS; p++) {
        indexes.partition(p).orElseThrow().loadAll(stores.get(p).values().iterator());
      }
    } else {
      for (Lead lead : leads) {
        int p = partitionOf(lead.id());
        PartitionIndex index = indexes.partition(p).orElseThrow();
        Lead before = stores.get(p).get(lead.id());
        index.change(() -> stores.get(p).put(lead.id(), lead), before, lead);
      }
    }
    // a few changes and deletions after the fact, as the processor makes them
    for (int i = 0; i < count / 10; i++) {
      Lead lead = leads.get(random.nextInt(leads.size()));
      int p = partitionOf(lead.id());
      PartitionIndex index = indexes.partition(p).orElseThrow();
      if (random.nextBoolean()) {
        index.change(() -> stores.get(p).remove(lead.id()), lead, null);
        leads.remove(lead);
      } else {
        Lead changed = randomLead(random, lead.id());
        index.change(() -> stores.get(p).put(lead.id(), changed), lead, changed);
        leads.set(leads.indexOf(lead), changed);
      }
    }
    return new Engines(
        leads,
        new ReferenceQueryEngine(leads),
        new LocalLeadQueryService(indexes, PARTITIONS, () -> true, LocalLeadQueryServiceTest::partitionOf));
  }

  private static Lead withWorkspace(Lead lead, String workspace) {
    return new Lead(lead.id(), workspace, lead.firstName(), lead.lastName(), lead.email(),
        lead.linkedinUrl(), lead.company(), lead.title(), lead.phone(), lead.location(),
        lead.status(), lead.source(), lead.notes(), lead.tags(), lead.customFields(),
        lead.createdAt(), lead.updatedAt(), lead.lastContactedAt());
  }

  private static int partitionOf(String leadId) {
    return Math.floorMod(leadId.hashCode(), PARTITIONS);
  }

  private static Lead randomLead(Random random, String id) {
    Instant created = BASE.plusSeconds(random.nextInt(20) * TIME_STEP);
    Instant contacted = random.nextInt(3) == 0 ? null : created.plusSeconds(random.nextInt(20) * 600L);
    String first = pick(random, NAMES);
    String last = pick(random, NAMES);
    String company = pick(random, COMPANIES);
    return new Lead(
        id,
        WORKSPACES.get(random.nextInt(WORKSPACES.size())),
        first,
        last,
        first == null ? null : first.toLowerCase() + "@" + (company == null ? "x" : "techcorp") + ".com",
        null,
        company,
        pick(random, TITLES),
        null,
        null,
        LeadStatus.values()[random.nextInt(LeadStatus.values().length)],
        LeadSource.values()[random.nextInt(LeadSource.values().length)],
        null,
        List.of(),
        Map.of(),
        created,
        created.plusSeconds(random.nextInt(5) * 60L),
        contacted);
  }

  private static LeadQuery randomQuery(Random random) {
    LeadQuery.Builder q =
        LeadQuery.builder()
            .page(1 + random.nextInt(4))
            .limit(1 + random.nextInt(random.nextBoolean() ? 5 : 100))
            .sortBy(SortField.values()[random.nextInt(SortField.values().length)])
            .sortOrder(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC);
    if (random.nextInt(3) == 0) {
      q.status(LeadStatus.values()[random.nextInt(LeadStatus.values().length)]);
    }
    if (random.nextInt(4) == 0) {
      q.source(LeadSource.values()[random.nextInt(LeadSource.values().length)]);
    }
    if (random.nextInt(5) == 0) {
      String company = pick(random, COMPANIES);
      q.company(company == null ? "google" : company);
    }
    if (random.nextInt(5) == 0) {
      q.title(TITLE_PARTS[random.nextInt(TITLE_PARTS.length)]);
    }
    if (random.nextInt(4) == 0) {
      q.searchTerms(List.of(SEARCHES[random.nextInt(SEARCHES.length)].split(" ")));
    }
    if (random.nextInt(4) == 0) {
      q.createdAfter(BASE.plusSeconds(random.nextInt(20) * TIME_STEP));
    }
    if (random.nextInt(4) == 0) {
      q.createdBefore(BASE.plusSeconds(random.nextInt(20) * TIME_STEP));
    }
    if (random.nextInt(4) == 0) {
      q.lastContactedAfter(BASE.plusSeconds(random.nextInt(40) * TIME_STEP / 2));
    }
    if (random.nextInt(4) == 0) {
      q.lastContactedBefore(BASE.plusSeconds(random.nextInt(40) * TIME_STEP / 2));
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
