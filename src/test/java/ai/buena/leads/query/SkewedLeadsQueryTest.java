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
