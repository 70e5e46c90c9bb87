package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.TestLeads;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionIndexTest {
  private final Map<String, Lead> store = new HashMap<>();
  private final PartitionIndex index = new PartitionIndex(0, store::get);

  @Test
  void shouldRefuseEveryReadOnceAChangeFailedHalfWay() {
    Lead lead = TestLeads.aLead("lead_1").build();
    index.change(() -> store.put(lead.id(), lead), null, lead);
    // no status: the summary is made, then putting it in the status sets fails half way
    Lead broken = TestLeads.aLead("lead_2").status(null).build();
    assertThatThrownBy(() -> index.change(() -> store.put(broken.id(), broken), null, broken))
        .isInstanceOf(NullPointerException.class);

    assertThatThrownBy(() -> index.read(TestLeads.WORKSPACE, PartitionIndex.View::version))
        .isInstanceOf(PartitionClosedException.class);
    assertThatThrownBy(
            () -> PartitionIndex.readTogether(List.of(index), TestLeads.WORKSPACE, views -> views.size()))
        .isInstanceOf(PartitionClosedException.class);
  }

  @Test
  void shouldGiveTheViewsOfAReadTogetherInTheOrderThePartitionsWereNamed() {
    PartitionIndex other = new PartitionIndex(3, store::get);
    Lead lead = TestLeads.aLead("lead_1").build();
    other.change(() -> store.put(lead.id(), lead), null, lead);

    List<Integer> sizes =
        PartitionIndex.readTogether(
            List.of(other, index),
            TestLeads.WORKSPACE,
            views -> views.stream().map(view -> view.workspace() == null ? 0 : view.workspace().size()).toList());

    assertThat(sizes).containsExactly(1, 0);
  }
}
