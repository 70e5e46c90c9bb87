package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.index.LeadSummary;
import ai.buena.leads.index.WorkspaceIndex.AnswerOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OffsetSelectionTest {

  /** An answer order over a sorted list of summaries that differ only by id. */
  private record SortedIds(List<LeadSummary> leads) implements AnswerOrder {
    private static final Comparator<LeadSummary> BY_ID = Comparator.comparing(LeadSummary::id);

    @Override
    public int size() {
      return leads.size();
    }

    @Override
    public LeadSummary get(int position) {
      return leads.get(position);
    }

    @Override
    public int countBefore(LeadSummary lead) {
      return (int) leads.stream().filter(l -> BY_ID.compare(l, lead) < 0).count();
    }

    @Override
    public int countAtOrBefore(LeadSummary lead) {
      return (int) leads.stream().filter(l -> BY_ID.compare(l, lead) <= 0).count();
    }

    @Override
    public Iterator<LeadSummary> from(int position) {
      return leads.subList(position, leads.size()).iterator();
    }
  }

  @Test
  void shouldStartEveryOrderWhereTheUnionReachesTheOffset() {
    Random random = new Random(3);
    List<List<LeadSummary>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < 600; i++) {
      parts.get(random.nextInt(3)).add(lead(String.format("lead_%04d", i)));
    }
    List<AnswerOrder> orders = parts.stream().map(p -> (AnswerOrder) new SortedIds(p)).toList();

    for (int offset = 0; offset <= 601; offset++) {
      int[] starts = OffsetSelection.startsAt(orders, offset);
      int expectedSum = Math.min(offset, 600);
      int sum = 0;
      for (int i = 0; i < orders.size(); i++) {
        int before = 0;
        for (LeadSummary lead : parts.get(i)) {
          if (Integer.parseInt(lead.id().substring(5)) < offset) {
            before++;
          }
        }
        assertThat(starts[i]).as("offset %d order %d", offset, i).isEqualTo(before);
        sum += starts[i];
      }
      assertThat(sum).isEqualTo(expectedSum);
    }
  }

  @Test
  void shouldStartNoOrderWhenThereIsNoOrder() {
    assertThat(OffsetSelection.startsAt(List.of(), 1000)).isEmpty();
  }

  @Test
  void shouldStartEveryEmptyOrderAtItsEnd() {
    List<AnswerOrder> empty = List.of(new SortedIds(List.of()), new SortedIds(List.of()));

    assertThat(OffsetSelection.startsAt(empty, 1000)).containsExactly(0, 0);
  }

  private static LeadSummary lead(String id) {
    return new LeadSummary(id, null, null, null, null, null, null, null, null, null, null);
  }
}
