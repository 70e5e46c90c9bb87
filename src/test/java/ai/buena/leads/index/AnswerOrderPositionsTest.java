package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.WorkspaceIndex.AnswerOrder;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * {@link AnswerOrder#positionsOf}, which walks the doc numbers beside an order without reading its
 * leads, against reading every lead by position: every sort field in both directions (leads
 * without a value last in both), from any position forwards and backwards, with a full or short
 * result and a short step allowance, after adds, changes and removes that split and empty blocks.
 */
class AnswerOrderPositionsTest {
  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
  private static final String[] NAMES = {"Ann", "bob", "Cleo", "dan", null};

  @Test
  void shouldGiveThePositionsOfTheAcceptedDocsAsReadingEachLeadByPositionWould() {
    Random random = new Random(13);
    WorkspaceIndex index = new WorkspaceIndex();
    for (int step = 0; step < 12_000; step++) {
      String id = "lead_" + random.nextInt(5_000);
      if (random.nextInt(6) == 0) {
        index.remove(id);
      } else {
        index.put(index.summarize(lead(random, id)));
      }
    }
    for (int check = 0; check < 400; check++) {
      IndexedField field = IndexedField.values()[random.nextInt(IndexedField.values().length)];
      AnswerOrder order = index.order(field, random.nextBoolean());
      int modulus = 1 + random.nextInt(7);
      IntPredicate docs = doc -> doc % modulus == 0;
      int from = random.nextInt(order.size());
      boolean forward = random.nextBoolean();
      int capacity = random.nextBoolean() ? order.size() : 1 + random.nextInt(300);
      long allowed = random.nextBoolean() ? Long.MAX_VALUE : random.nextInt(2_000);

      WalkSteps steps = new WalkSteps(allowed);
      int[] into = new int[capacity];
      int count = order.positionsOf(from, forward, docs, into, steps);

      Expected expected = byReadingEachLead(order, from, forward, docs, capacity, allowed);
      String what = field + " from " + from + (forward ? " forwards" : " backwards");
      assertThat(Arrays.copyOf(into, count)).as(what).containsExactly(expected.positions());
      assertThat(steps.exhausted()).as(what).isEqualTo(expected.cutShort());
    }
  }

  private record Expected(int[] positions, boolean cutShort) {}

  private static Expected byReadingEachLead(
      AnswerOrder order, int from, boolean forward, IntPredicate docs, int capacity, long allowed) {
    int[] found = new int[capacity];
    int count = 0;
    long passed = 0;
    for (int p = from; p >= 0 && p < order.size() && count < capacity; p += forward ? 1 : -1) {
      if (passed == allowed) {
        return new Expected(Arrays.copyOf(found, count), true);
      }
      passed++;
      if (docs.test(order.get(p).doc())) {
        found[count++] = p;
      }
    }
    return new Expected(Arrays.copyOf(found, count), false);
  }

  private static Lead lead(Random random, String id) {
    Instant created = BASE.plusSeconds(random.nextInt(50) * 3600L);
    return new Lead(
        id, "ws", NAMES[random.nextInt(NAMES.length)], NAMES[random.nextInt(NAMES.length)], null, null,
        NAMES[random.nextInt(NAMES.length)], null, null, null,
        LeadStatus.values()[random.nextInt(LeadStatus.values().length)],
        LeadSource.values()[random.nextInt(LeadSource.values().length)],
        null, List.of(), Map.of(), created, created.plusSeconds(random.nextInt(3) * 60L),
        random.nextInt(3) == 0 ? null : created.plusSeconds(random.nextInt(20) * 60L));
  }
}
