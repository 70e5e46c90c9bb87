package ai.buena.leads.query;

import static ai.buena.leads.query.TestLeads.WORKSPACE;
import static ai.buena.leads.query.TestLeads.aLead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A frequent term's docs, once found, are kept per workspace index and kept exact by every write
 * (the index package's {@code TermCache}). Seen from outside: a service whose work budget is far
 * below what finding the term costs answers it once another request found it, and its answers
 * after writes are the reference's.
 */
class FrequentTermCacheTest {
  private static final int PARTITIONS = 2;
  private static final int LEADS = 6_000;
  /**
   * Far below the ~1,500 e-mail checks per partition of finding {@code john} uncached: only the
   * addresses have it (a doc found by a name is not checked again, so the first name is "Jon").
   */
  private static final long CACHED_ONLY_BUDGET = 1_000;
  private static final LeadQuery JOHN = LeadQuery.builder().searchTerms(List.of("john")).limit(10).build();

  private final List<Map<String, Lead>> stores = new ArrayList<>();
  private final LocalIndexes indexes = new LocalIndexes();
  private LocalLeadQueryService generous;
  private LocalLeadQueryService cachedOnly;

  @BeforeEach
  void loadLeadsHalfOfThemJohns() {
    for (int p = 0; p < PARTITIONS; p++) {
      Map<String, Lead> store = new HashMap<>();
      stores.add(store);
      indexes.register(new PartitionIndex(p, store::get));
    }
    for (int i = 0; i < LEADS; i++) {
      Lead lead = i % 2 == 0 ? john("lead-" + i, i) : ann("lead-" + i, i);
      stores.get(partitionOf(lead.id())).put(lead.id(), lead);
    }
    for (int p = 0; p < PARTITIONS; p++) {
      indexes.partition(p).orElseThrow().loadAll(stores.get(p).values().iterator());
    }
    generous = new LocalLeadQueryService(indexes, PARTITIONS, () -> true, FrequentTermCacheTest::partitionOf);
    cachedOnly =
        new LocalLeadQueryService(
            indexes, PARTITIONS, () -> true, FrequentTermCacheTest::partitionOf, CACHED_ONLY_BUDGET);
  }

  private static Lead john(String id, int i) {
    return aLead(id).firstName("Jon").lastName("Miller").email("john" + i + "@mail.io").company("Acme")
        .title("Engineer").createdAt(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i)).build();
  }

  private static Lead ann(String id, int i) {
    return aLead(id).firstName("Ann").lastName("Miller").email("ann" + i + "@mail.io").company("Acme")
        .title("Engineer").createdAt(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i)).build();
  }

  @Test
  void shouldAnswerAFrequentTermWithinATinyBudgetOnceARequestFoundIt() {
    assertThatThrownBy(() -> cachedOnly.list(WORKSPACE, JOHN)).isInstanceOf(QueryTooExpensiveException.class);

    LeadPage found = generous.list(WORKSPACE, JOHN);

    assertThat(cachedOnly.list(WORKSPACE, JOHN)).isEqualTo(found);
    assertThat(found.pagination().total()).isEqualTo(LEADS / 2);
  }

  @Test
  void shouldCountAJohnCreatedAfterTheCachedAnswer() {
    generous.list(WORKSPACE, JOHN);

    write(null, john("lead-new", -1));

    assertAnswersAsTheReference(JOHN);
    assertThat(cachedOnly.list(WORKSPACE, JOHN).pagination().total()).isEqualTo(LEADS / 2 + 1);
  }

  @Test
  void shouldNotCountAJohnRenamedAfterTheCachedAnswer() {
    generous.list(WORKSPACE, JOHN);
    Lead before = stored("lead-0");

    write(before, ann("lead-0", 0));

    assertAnswersAsTheReference(JOHN);
    assertThat(cachedOnly.list(WORKSPACE, JOHN).pagination().total()).isEqualTo(LEADS / 2 - 1);
  }

  @Test
  void shouldNotCountAJohnDeletedAfterTheCachedAnswer() {
    generous.list(WORKSPACE, JOHN);
    Lead before = stored("lead-2");

    write(before, null);

    assertAnswersAsTheReference(JOHN);
    assertThat(cachedOnly.list(WORKSPACE, JOHN).pagination().total()).isEqualTo(LEADS / 2 - 1);
  }

  @Test
  void shouldNotCountAnAnnGivenTheDocNumberOfADeletedJohn() {
    generous.list(WORKSPACE, JOHN);
    write(stored("lead-2"), null);

    write(null, ann(idInPartitionOf("lead-2"), -1));

    assertAnswersAsTheReference(JOHN);
    assertThat(cachedOnly.list(WORKSPACE, JOHN).pagination().total()).isEqualTo(LEADS / 2 - 1);
  }

  /** A new lead id in the same partition as {@code leadId}: it takes the doc number freed last there. */
  private static String idInPartitionOf(String leadId) {
    for (int i = 0; ; i++) {
      String id = "lead-new-" + i;
      if (partitionOf(id) == partitionOf(leadId)) {
        return id;
      }
    }
  }

  private Lead stored(String id) {
    return stores.get(partitionOf(id)).get(id);
  }

  /** Applies a change as the processor does: store and index in one step. */
  private void write(Lead before, Lead after) {
    String id = after != null ? after.id() : before.id();
    Map<String, Lead> store = stores.get(partitionOf(id));
    indexes
        .partition(partitionOf(id))
        .orElseThrow()
        .change(() -> {
          if (after == null) {
            store.remove(id);
          } else {
            store.put(id, after);
          }
        }, before, after);
  }

  private void assertAnswersAsTheReference(LeadQuery query) {
    List<Lead> all = new ArrayList<>();
    stores.forEach(store -> all.addAll(store.values()));
    LeadPage expected = new ReferenceQueryEngine(all).query(WORKSPACE, query);
    LeadPage actual = generous.list(WORKSPACE, query);
    assertThat(actual.pagination()).isEqualTo(expected.pagination());
    assertThat(actual.leads()).containsExactlyElementsOf(expected.leads());
  }

  private static int partitionOf(String leadId) {
    return Math.floorMod(leadId.hashCode(), PARTITIONS);
  }
}
