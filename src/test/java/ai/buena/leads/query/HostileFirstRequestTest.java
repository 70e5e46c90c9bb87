package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.testing.HostileDataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests that were refused on their first asking (issue 13, {@code HostileBench}) until each
 * partition had cached the term, now answered the first time, exactly as the reference. The data
 * sets are small and the budget lowered with them: each request below cost more than {@link
 * #BUDGET} units before (a test per lead or per distinct value), and costs bitmap operations now.
 */
class HostileFirstRequestTest {
  private static final String WORKSPACE = "ws_hostile";
  private static final int PARTITIONS = 2;
  private static final int LEADS = 8_000;
  private static final long BUDGET = 2_000;

  private static final Engine MONOCULTURE = new Engine(HostileDataset.MONOCULTURE);
  private static final Engine NUMBERED = new Engine(HostileDataset.NUMBERED);

  @Test
  void shouldAnswerTheDomainEveryAddressHasOnItsFirstRequest() {
    MONOCULTURE.assertAnsweredFirstTime(search("example"));
  }

  @Test
  void shouldAnswerTheDomainWithItsDotOnItsFirstRequest() {
    MONOCULTURE.assertAnsweredFirstTime(search("example.com"));
  }

  @Test
  void shouldAnswerTheAtSignAndDomainOnItsFirstRequest() {
    MONOCULTURE.assertAnsweredFirstTime(search("@example.com"));
  }

  @Test
  void shouldAnswerTheUpperCaseDomainOnItsFirstRequest() {
    NUMBERED.assertAnsweredFirstTime(search("@Import-Example.COM"));
  }

  @Test
  void shouldAnswerATwoLetterTermOverManyDistinctLastNamesOnItsFirstRequest() {
    MONOCULTURE.assertAnsweredFirstTime(search("ma"));
  }

  @Test
  void shouldAnswerATwoLetterTermNothingHasOnItsFirstRequest() {
    NUMBERED.assertAnsweredFirstTime(search("qz"));
  }

  @Test
  void shouldAnswerATwoDigitTermOverNumberedValuesOnItsFirstRequest() {
    NUMBERED.assertAnsweredFirstTime(search("00"));
  }

  @Test
  void shouldAnswerAOneCharTitleOverManyDistinctTitlesOnItsFirstRequest() {
    NUMBERED.assertAnsweredFirstTime(LeadQuery.builder().title("e").limit(100).build());
  }

  @Test
  void shouldAnswerAOneCharTermBesideAFrequentNameOnItsFirstRequest() {
    MONOCULTURE.assertAnsweredFirstTime(search("e", "maria"));
  }

  /**
   * A title word in every one of the 8,000 distinct titles (4,000 per index): testing each
   * candidate title and gathering its docs took 16,000 units; scanning the titles' chars, about a
   * third of that.
   */
  @Test
  void shouldAnswerATitleWordInEveryOneOfManyDistinctTitlesOnItsFirstRequest() {
    NUMBERED.assertAnsweredFirstTime(LeadQuery.builder().title("executive").limit(100).build(), 8_000);
  }

  @Test
  void shouldAnswerASearchTermInEveryOneOfManyDistinctTitlesOnItsFirstRequest() {
    NUMBERED.assertAnsweredFirstTime(search("executive"), 8_000);
  }

  /** "company" is in each of the 800 distinct companies: 1,600 units by tests, a third by the scan. */
  @Test
  void shouldAnswerATermInEveryOneOfManyDistinctCompaniesBesideADigitOnItsFirstRequest() {
    NUMBERED.assertAnsweredFirstTime(search("company", "0"), 1_000);
  }

  private static LeadQuery search(String... terms) {
    return LeadQuery.builder().searchTerms(List.of(terms)).limit(20).build();
  }

  /**
   * One data set in {@link #PARTITIONS} indexes. Frequent terms are cached per index: no term is
   * asked twice in this class, so every request is its term's first.
   */
  private static final class Engine {
    private final List<Lead> leads = new ArrayList<>();
    private final LocalIndexes indexes = new LocalIndexes();

    Engine(HostileDataset data) {
      List<Map<String, Lead>> stores = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        Map<String, Lead> store = new HashMap<>();
        stores.add(store);
      }
      for (int i = 0; i < LEADS; i++) {
        Lead lead = data.lead(42, WORKSPACE, i);
        leads.add(lead);
        stores.get(partitionOf(lead.id())).put(lead.id(), lead);
      }
      for (int p = 0; p < PARTITIONS; p++) {
        PartitionIndex index = new PartitionIndex(p, stores.get(p)::get);
        index.loadAll(stores.get(p).values().iterator());
        indexes.register(index);
      }
    }

    void assertAnsweredFirstTime(LeadQuery query) {
      assertAnsweredFirstTime(query, BUDGET);
    }

    void assertAnsweredFirstTime(LeadQuery query, long budget) {
      LocalLeadQueryService service =
          new LocalLeadQueryService(indexes, PARTITIONS, () -> true, HostileFirstRequestTest::partitionOf, budget);
      LeadPage expected = new ReferenceQueryEngine(leads).query(WORKSPACE, query);

      LeadPage actual = service.list(WORKSPACE, query);

      assertThat(actual.pagination()).as("%s", query).isEqualTo(expected.pagination());
      assertThat(actual.leads().stream().map(Lead::id).toList())
          .containsExactlyElementsOf(expected.leads().stream().map(Lead::id).toList());
    }
  }

  private static int partitionOf(String leadId) {
    return Math.floorMod(leadId.hashCode(), PARTITIONS);
  }
}
