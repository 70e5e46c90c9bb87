package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A string test costs more the longer and more repetitive value and term are ({@code aaa…ab} in
 * {@code aab aaaa…}: microseconds, not nanoseconds): such tests are charged by their lengths, so a
 * request built on them is refused within the budget rather than answered after seconds.
 */
class RepetitiveTextCostTest {
  private static final int PARTITIONS = 2;
  private static final int LEADS = 3_000;
  private static final String LONG_TERM = "a".repeat(199) + "b";

  private static final List<Lead> LEADS_OF_LONG_TITLES = new ArrayList<>();
  private static final LocalIndexes INDEXES = new LocalIndexes();

  static {
    List<Map<String, Lead>> stores = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      stores.add(new HashMap<>());
    }
    for (int i = 0; i < LEADS; i++) {
      Lead lead = TestLeads.aLead("lead_" + i).title("aab" + "a".repeat(990) + i).build();
      LEADS_OF_LONG_TITLES.add(lead);
      stores.get(partitionOf(lead.id())).put(lead.id(), lead);
    }
    for (int p = 0; p < PARTITIONS; p++) {
      PartitionIndex index = new PartitionIndex(p, stores.get(p)::get);
      index.loadAll(stores.get(p).values().iterator());
      INDEXES.register(index);
    }
  }

  private static LocalLeadQueryService service() {
    return new LocalLeadQueryService(
        INDEXES,
        PARTITIONS,
        () -> true,
        RepetitiveTextCostTest::partitionOf,
        LocalLeadQueryService.DEFAULT_WORK_BUDGET);
  }

  @Test
  void shouldRefuseALongRepetitiveTitleTermOverManyLongRepetitiveTitles() {
    LeadQuery query = LeadQuery.builder().title(LONG_TERM).build();

    assertThatThrownBy(() -> service().list(TestLeads.WORKSPACE, query))
        .isInstanceOf(QueryTooExpensiveException.class);
  }

  @Test
  void shouldRefuseALongRepetitiveSearchTermOverManyLongRepetitiveTitles() {
    LeadQuery query = LeadQuery.builder().searchTerms(List.of(LONG_TERM)).build();

    assertThatThrownBy(() -> service().list(TestLeads.WORKSPACE, query))
        .isInstanceOf(QueryTooExpensiveException.class);
  }

  @Test
  void shouldAnswerAShortTermInTheSameTitlesAsTheReference() {
    LeadQuery query = LeadQuery.builder().title("aab").limit(5).build();

    LeadPage actual = service().list(TestLeads.WORKSPACE, query);

    LeadPage expected =
        new ReferenceQueryEngine(LEADS_OF_LONG_TITLES).query(TestLeads.WORKSPACE, query);
    assertThat(actual.pagination()).isEqualTo(expected.pagination());
    assertThat(actual.leads().stream().map(Lead::id).toList())
        .containsExactlyElementsOf(expected.leads().stream().map(Lead::id).toList());
  }

  private static int partitionOf(String leadId) {
    return Math.floorMod(leadId.hashCode(), PARTITIONS);
  }
}
