package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.runtime.generate.Distribution;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.testing.Seeded;
import ai.buena.leads.testing.ReferenceProjection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast engine against the reference on the skewed generated data set (frequent names, last
 * names made of first names, shared title words): frequent and short terms, large bitmap filters,
 * pages at the start, in the middle and at the end of the answer.
 */
class SkewedLeadsQueryTest {
  private static final String WORKSPACE = "ws_skew";
  private static final int PARTITIONS = 3;
  private static final Instant END = Instant.parse("2026-01-01T00:00:00Z");
  private static final String[] SEARCHES = {
    "john", "jo", "j", "john software", "software", "son", "johnson", "engineer", "jo er", "google",
    "@acme", "an", "e", "peter john", "software engineer", "sen", ".com"
  };
  private static final String[] TITLE_PARTS = {"engineer", "software", "manager", "e", "ceo"};

  @Test
  void shouldAnswerQueriesOnSkewedGeneratedLeadsExactlyAsTheReference() {
    Seeded.check(
        6,
        random -> {
          Engines engines = engines(random.nextLong(), 2_000 + random.nextInt(4_000));
          for (int i = 0; i < 60; i++) {
            LeadQuery query = randomQuery(random, engines.leads());
            LeadPage expected = engines.reference().query(WORKSPACE, query);
            LeadPage actual = engines.fast().list(WORKSPACE, query);
            assertThat(actual.pagination()).as("%s", query).isEqualTo(expected.pagination());
            assertThat(ids(actual)).as("%s", query).containsExactlyElementsOf(ids(expected));
          }
        });
  }

  /**
   * Between the queries, leads are created, renamed (to and from frequent names), given another
   * e-mail address and deleted: answers that frequent terms' cached docs serve must follow them.
   * Large enough partitions that frequent and short terms are cached.
   */
  @Test
  void shouldAnswerAsTheReferenceWhileLeadsChangeBetweenQueries() {
    Seeded.check(
        3,
        random -> {
          ChangingWorkspace workspace = new ChangingWorkspace(random.nextLong(), 12_000 + random.nextInt(4_000));
          for (int i = 0; i < 40; i++) {
            for (int writes = random.nextInt(4); writes > 0; writes--) {
              workspace.randomWrite(random);
            }
            workspace.assertAnswersARandomQueryAsTheReference(random);
          }
        });
  }

  /**
   * Each partition's index starts below the size from which it keeps text and day postings (2,048
   * leads: {@code WorkspaceIndex.POSTINGS_FROM}), so terms and time ranges are found by scanning or
   * testing its leads; creations take it past that size (the postings built from the leads held),
   * deletions back below it.
   */
  @Test
  void shouldAnswerAsTheReferenceWhileIndexesGrowPastTheSizeThatKeepsPostingsAndShrinkAgain() {
    Seeded.check(
        3,
        random -> {
          ChangingWorkspace workspace = new ChangingWorkspace(random.nextLong(), 3_800);
          for (int i = 0; i < 80; i++) {
            boolean growing = i < 40;
            for (int writes = random.nextInt(32); writes > 0; writes--) {
              if (growing) {
                workspace.create(random);
              } else {
                workspace.delete(random);
              }
            }
            workspace.randomWrite(random);
            workspace.assertAnswersARandomQueryAsTheReference(random);
          }
        });
  }

  /** Generated skewed leads in {@link #WRITES_PARTITIONS} partitions, changed as the processor does. */
  private static final class ChangingWorkspace {
    private static final String[] NAMES = {"John", "Jo", "Johnson", "Peter", "Ann", null};
    private final Map<String, Lead> leads;
    private final List<Map<String, Lead>> stores = new ArrayList<>();
    private final LocalIndexes indexes = new LocalIndexes();
    private final LocalLeadQueryService fast;
    private int created;

    ChangingWorkspace(long seed, int count) {
      ReferenceProjection projection = new ReferenceProjection();
      new HistoryGenerator(seed, WORKSPACE, END, Distribution.SKEWED).generate(count, projection::apply);
      leads = new HashMap<>(projection.leadsOf(WORKSPACE));
      for (int p = 0; p < WRITES_PARTITIONS; p++) {
        Map<String, Lead> store = new HashMap<>();
        stores.add(store);
        indexes.register(new PartitionIndex(p, store::get));
      }
      for (Lead lead : leads.values()) {
        stores.get(writesPartitionOf(lead.id())).put(lead.id(), lead);
      }
      for (int p = 0; p < WRITES_PARTITIONS; p++) {
        indexes.partition(p).orElseThrow().loadAll(stores.get(p).values().iterator());
      }
      fast = new LocalLeadQueryService(indexes, WRITES_PARTITIONS, () -> true, SkewedLeadsQueryTest::writesPartitionOf);
    }

    void assertAnswersARandomQueryAsTheReference(Random random) {
      LeadQuery query = randomQuery(random, leads.size());
      LeadPage expected = new ReferenceQueryEngine(leads.values()).query(WORKSPACE, query);
      LeadPage actual = fast.list(WORKSPACE, query);
      assertThat(actual.pagination()).as("%s", query).isEqualTo(expected.pagination());
      assertThat(ids(actual)).as("%s", query).containsExactlyElementsOf(ids(expected));
    }

    void randomWrite(Random random) {
      List<Lead> all = new ArrayList<>(leads.values());
      all.sort(Comparator.comparing(Lead::id));
      Lead some = all.get(random.nextInt(all.size()));
      String name = NAMES[random.nextInt(NAMES.length)];
      switch (random.nextInt(4)) {
        case 0 -> write(some, null);
        case 1 -> write(some, renamed(some, name));
        case 2 -> write(some, withEmail(some, (name == null ? "x" : name) + "." + random.nextInt(100) + "@mail.io"));
        default -> write(null, renamed(copy(some, "lead-new-" + created++), name));
      }
    }

    void create(Random random) {
      Lead some = anyLead(random);
      write(null, renamed(copy(some, "lead-new-" + created++), NAMES[random.nextInt(NAMES.length)]));
    }

    void delete(Random random) {
      write(anyLead(random), null);
    }

    private Lead anyLead(Random random) {
      List<Lead> all = new ArrayList<>(leads.values());
      all.sort(Comparator.comparing(Lead::id));
      return all.get(random.nextInt(all.size()));
    }

    private void write(Lead before, Lead after) {
      String id = after != null ? after.id() : before.id();
      int p = writesPartitionOf(id);
      Map<String, Lead> store = stores.get(p);
      indexes.partition(p).orElseThrow().change(() -> {
        if (after == null) {
          store.remove(id);
        } else {
          store.put(id, after);
        }
      }, before, after);
      if (after == null) {
        leads.remove(id);
      } else {
        leads.put(id, after);
      }
    }

    private static Lead renamed(Lead l, String firstName) {
      return new Lead(l.id(), l.workspaceId(), firstName, l.lastName(), l.email(), l.linkedinUrl(), l.company(),
          l.title(), l.phone(), l.location(), l.status(), l.source(), l.notes(), l.tags(), l.customFields(),
          l.createdAt(), l.updatedAt(), l.lastContactedAt());
    }

    private static Lead withEmail(Lead l, String email) {
      return new Lead(l.id(), l.workspaceId(), l.firstName(), l.lastName(), email, l.linkedinUrl(), l.company(),
          l.title(), l.phone(), l.location(), l.status(), l.source(), l.notes(), l.tags(), l.customFields(),
          l.createdAt(), l.updatedAt(), l.lastContactedAt());
    }

    private static Lead copy(Lead l, String id) {
      return new Lead(id, l.workspaceId(), l.firstName(), l.lastName(), l.email(), l.linkedinUrl(), l.company(),
          l.title(), l.phone(), l.location(), l.status(), l.source(), l.notes(), l.tags(), l.customFields(),
          l.createdAt(), l.updatedAt(), l.lastContactedAt());
    }
  }

  private static final int WRITES_PARTITIONS = 2;

  private static int writesPartitionOf(String leadId) {
    return Math.floorMod(leadId.hashCode(), WRITES_PARTITIONS);
  }

  private record Engines(int leads, ReferenceQueryEngine reference, LocalLeadQueryService fast) {}

  private static Engines engines(long seed, int count) {
    ReferenceProjection projection = new ReferenceProjection();
    new HistoryGenerator(seed, WORKSPACE, END, Distribution.SKEWED).generate(count, projection::apply);
    Map<String, Lead> leads = projection.leadsOf(WORKSPACE);
    List<Map<String, Lead>> stores = new ArrayList<>();
    LocalIndexes indexes = new LocalIndexes();
    for (int p = 0; p < PARTITIONS; p++) {
      Map<String, Lead> store = new HashMap<>();
      stores.add(store);
      indexes.register(new PartitionIndex(p, store::get));
    }
    for (Lead lead : leads.values()) {
      int p = partitionOf(lead.id());
      stores.get(p).put(lead.id(), lead);
      if (seed % 2 == 0) {
        indexes.partition(p).orElseThrow().change(() -> {}, null, lead);
      }
    }
    if (seed % 2 != 0) {
      for (int p = 0; p < PARTITIONS; p++) {
        indexes.partition(p).orElseThrow().loadAll(stores.get(p).values().iterator());
      }
    }
    return new Engines(
        leads.size(),
        new ReferenceQueryEngine(leads.values()),
        new LocalLeadQueryService(indexes, PARTITIONS, () -> true, SkewedLeadsQueryTest::partitionOf));
  }

  private static LeadQuery randomQuery(Random random, int leads) {
    int limit = 1 + random.nextInt(random.nextBoolean() ? 10 : 100);
    LeadQuery.Builder q =
        LeadQuery.builder()
            .limit(limit)
            .sortBy(SortField.values()[random.nextInt(SortField.values().length)])
            .sortOrder(random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC);
    if (random.nextInt(3) > 0) {
      q.searchTerms(List.of(SEARCHES[random.nextInt(SEARCHES.length)].split(" ")));
    }
    if (random.nextInt(3) == 0) {
      q.status(random.nextBoolean() ? LeadStatus.NEW : LeadStatus.values()[random.nextInt(LeadStatus.values().length)]);
    }
    if (random.nextInt(3) == 0) {
      q.source(LeadSource.values()[random.nextInt(LeadSource.values().length)]);
    }
    if (random.nextInt(5) == 0) {
      q.title(TITLE_PARTS[random.nextInt(TITLE_PARTS.length)]);
    }
    if (random.nextInt(6) == 0) {
      q.company(random.nextBoolean() ? "google" : "acme software");
    }
    if (random.nextInt(6) == 0) {
      q.createdAfter(END.minusSeconds(86_400L * random.nextInt(700)));
    }
    int pages = Math.max(1, leads / limit);
    q.page(
        switch (random.nextInt(4)) {
          case 0 -> 1;
          case 1 -> 1 + random.nextInt(pages);
          case 2 -> pages - random.nextInt(Math.min(pages, 3));
          default -> 1 + random.nextInt(3);
        });
    return q.build();
  }

  private static int partitionOf(String leadId) {
    return Math.floorMod(leadId.hashCode(), PARTITIONS);
  }

  private static List<String> ids(LeadPage page) {
    return page.leads().stream().map(Lead::id).toList();
  }
}
