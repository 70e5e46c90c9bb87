package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.IndexedField;
import ai.buena.leads.index.LeadSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class KthSoFarTest {
  private static final Comparator<LeadSummary> OLDEST_FIRST = IndexedField.CREATED_AT.inAnswerOrder(true);

  @Test
  void shouldGiveTheKthOldestOfEveryPartitionSoFar() {
    KthSoFar kth = new KthSoFar(OLDEST_FIRST, 3);
    kth.addAll(leads(10, 30, 50));
    kth.addAll(leads(20, 40));

    assertThat(kth.value().createdAt()).isEqualTo(Instant.ofEpochSecond(30));
  }

  @Test
  void shouldGiveNoBoundForADeepPageWhoseFirstKCostMoreToKeepThanTheyWouldSave() {
    int k = KthSoFar.MAX_K + 1;
    KthSoFar kth = new KthSoFar(OLDEST_FIRST, k);
    List<LeadSummary> more = new ArrayList<>();
    for (int second = 0; second < k + 10; second++) {
      more.add(lead(second));
    }
    kth.addAll(more);

    assertThat(kth.value()).isNull();
  }

  private static List<LeadSummary> leads(int... seconds) {
    List<LeadSummary> leads = new ArrayList<>();
    for (int second : seconds) {
      leads.add(lead(second));
    }
    return leads;
  }

  private static LeadSummary lead(int second) {
    Instant at = Instant.ofEpochSecond(second);
    return new LeadSummary(
        "lead_" + second, LeadStatus.NEW, LeadSource.API, "ann", "lee", "a@b.c", "acme", "cto", at, at, null);
  }
}
