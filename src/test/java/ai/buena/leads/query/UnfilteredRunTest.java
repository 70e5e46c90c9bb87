package ai.buena.leads.query;

import static ai.buena.leads.query.TestLeads.WORKSPACE;
import static ai.buena.leads.query.TestLeads.aLead;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The run of an unfiltered answer a {@link Window} asks an instance for: short runs are merged
 * from their starts, long ones cut between two positions selected across the partitions; either
 * way the run is the answer's leads from the run's position on, as one sorted list gives them.
 */
class UnfilteredRunTest {
  private static final int PARTITIONS = 6;
  private static final int LEADS = 12_000;
  private final List<Lead> leads = new ArrayList<>();
  private final LocalLeadQueryService service = service();

  @Test
  void shouldSendALongRunAsTheSortedAnswerGivesIt() {
    for (SortOrder order : SortOrder.values()) {
      LeadQuery q = query(order);
      PartialAnswer run = runOf(q, new Window(6_000, LEADS, Window.SECOND_SIGMAS, 3_000));

      assertThat(run.first()).hasSizeGreaterThan(Window.LONG_RUN);
      assertThat(run.first()).isEqualTo(sortedKeys(q, run.from(), run.first().size()));
    }
  }

  @Test
  void shouldSendAShortRunAsTheSortedAnswerGivesIt() {
    for (SortOrder order : SortOrder.values()) {
      LeadQuery q = query(order);
      PartialAnswer run = runOf(q, new Window(6_000, LEADS, Window.FIRST_SIGMAS));

      assertThat(run.first()).hasSizeLessThanOrEqualTo(Window.LONG_RUN);
      assertThat(run.first()).isEqualTo(sortedKeys(q, run.from(), run.first().size()));
    }
  }

  @Test
  void shouldEndALongRunThatReachesPastTheLastLeadAtTheLastLead() {
    LeadQuery q = query(SortOrder.ASC);
    PartialAnswer run = runOf(q, new Window(11_000, LEADS, Window.SECOND_SIGMAS, 3_000));

    assertThat(run.from() + run.first().size()).isEqualTo(LEADS);
    assertThat(run.first()).isEqualTo(sortedKeys(q, run.from(), run.first().size()));
  }

  private PartialAnswer runOf(LeadQuery q, Window window) {
    Set<Integer> all = Set.copyOf(IntStream.range(0, PARTITIONS).boxed().toList());
    return service.partial(WORKSPACE, q, all, StandbyBound.OFF, null, false, window);
  }

  private static LeadQuery query(SortOrder order) {
    return LeadQuery.builder().sortBy(SortField.CREATED_AT).sortOrder(order).limit(100).build();
  }

  private List<SortKey> sortedKeys(LeadQuery q, long from, int count) {
    List<SortKey> keys =
        leads.stream()
            .map(lead -> new SortKey(lead.createdAt(), lead.id()))
            .sorted(LeadOrder.keyComparator(q.sortOrder()))
            .toList();
    return keys.subList((int) from, (int) from + count);
  }

  private LocalLeadQueryService service() {
    InMemoryPartitions partitions = new InMemoryPartitions(PARTITIONS, UnfilteredRunTest::partitionOf);
    Random random = new Random(7);
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    for (int i = 0; i < LEADS; i++) {
      // a few thousand distinct instants: many ties, broken by id
      Lead lead =
          aLead(String.format("lead_%05d", i))
              .createdAt(start.plusSeconds(random.nextInt(3_000)))
              .build();
      partitions.put(lead);
      leads.add(lead);
    }
    return partitions.service();
  }

  private static int partitionOf(String leadId) {
    return Math.floorMod(leadId.hashCode(), PARTITIONS);
  }
}
