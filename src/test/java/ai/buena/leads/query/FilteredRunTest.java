package ai.buena.leads.query;

import static ai.buena.leads.query.TestLeads.WORKSPACE;
import static ai.buena.leads.query.TestLeads.aLead;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The run of a filtered answer a {@link Window} asks an instance for ({@link FilteredDeepPage}):
 * a run longer than {@link Window#LONG_RUN} has its end selected by rank too. Whichever
 * way, and from either end of the answer, the run is the matches from the run's position on, as
 * one sorted list of the matches gives them.
 */
class FilteredRunTest {
  private static final int PARTITIONS = 6;
  private static final int LEADS = 18_000;
  private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

  @Test
  void shouldSendALongRunAsTheSortedMatchesGiveIt() {
    Engine engine = new Engine(FilteredRunTest::hashed);
    for (SortOrder order : SortOrder.values()) {
      LeadQuery q = newLeads(order);
      long matches = engine.matches(q).size();
      for (long offset : new long[] {matches / 2, matches * 4 / 5}) {
        PartialAnswer run = engine.runOf(q, new Window(offset, matches, Window.SECOND_SIGMAS, 1_500));

        assertThat(run.first()).hasSizeGreaterThan(Window.LONG_RUN);
        assertThat(run.first()).isEqualTo(engine.matches(q).subList((int) run.from(), (int) run.from() + run.first().size()));
      }
    }
  }

  @Test
  void shouldSendALongRunWhenOnePartitionHoldsTheLatestMatches() {
    // the new leads created last are all in partition 0: walking from the answer's end (the run
    // ends past its middle), that partition's share up to the run's end is far more than its share
    // of the matches says
    Engine engine = new Engine(id -> id.startsWith("late") ? 0 : hashed(id));
    LeadQuery q = newLeads(SortOrder.ASC);
    long matches = engine.matches(q).size();

    PartialAnswer run = engine.runOf(q, new Window(matches / 2, matches, Window.SECOND_SIGMAS, 1_500));

    assertThat(run.first()).hasSizeGreaterThan(Window.LONG_RUN);
    assertThat(run.first()).isEqualTo(engine.matches(q).subList((int) run.from(), (int) run.from() + run.first().size()));
  }

  @Test
  void shouldSendALongRunFromAnInstanceThatHoldsOnePartition() {
    // most leads in partition 0, which an instance holds alone (as with one partition per instance)
    ToIntFunction<String> mostInZero = id -> hashed(id) == 5 ? 1 : 0;
    Engine engine = new Engine(mostInZero);
    for (SortOrder order : SortOrder.values()) {
      LeadQuery q = newLeads(order);
      List<SortKey> inPartition =
          engine.matches(q).stream().filter(key -> mostInZero.applyAsInt(key.id()) == 0).toList();
      long matches = inPartition.size();
      // the run from the start of the partition's matches, and from their end
      for (long offset : new long[] {matches / 3, matches * 2 / 3}) {
        PartialAnswer run =
            engine.runOf(q, Set.of(0), new Window(offset, matches, Window.SECOND_SIGMAS, 1_200));

        assertThat(run.first()).hasSizeGreaterThan(Window.LONG_RUN);
        assertThat(run.first())
            .isEqualTo(inPartition.subList((int) run.from(), (int) run.from() + run.first().size()));
      }
    }
  }

  @Test
  void shouldSendAShortRunAsTheSortedMatchesGiveIt() {
    Engine engine = new Engine(FilteredRunTest::hashed);
    LeadQuery q = newLeads(SortOrder.DESC);
    long matches = engine.matches(q).size();

    PartialAnswer run = engine.runOf(q, new Window(matches / 2, matches, Window.FIRST_SIGMAS));

    assertThat(run.first()).hasSizeLessThanOrEqualTo(Window.LONG_RUN);
    assertThat(run.first()).isEqualTo(engine.matches(q).subList((int) run.from(), (int) run.from() + run.first().size()));
  }

  private static LeadQuery newLeads(SortOrder order) {
    return LeadQuery.builder()
        .status(LeadStatus.NEW)
        .sortBy(SortField.CREATED_AT)
        .sortOrder(order)
        .limit(100)
        .build();
  }

  private static int hashed(String leadId) {
    return Math.floorMod(leadId.hashCode(), PARTITIONS);
  }

  /** Leads in six partitions placed by {@code partitionOf}, a third of them new. */
  private static final class Engine {
    private final List<Lead> leads = new ArrayList<>();
    private final LocalLeadQueryService service;

    Engine(ToIntFunction<String> partitionOf) {
      InMemoryPartitions partitions = new InMemoryPartitions(PARTITIONS, partitionOf);
      Random random = new Random(11);
      for (int i = 0; i < LEADS; i++) {
        int second = random.nextInt(5_000);
        LeadStatus status = LeadStatus.values()[random.nextInt(3)];
        // the new leads of the last 40 % of the time are the "late" ones
        String id = (status == LeadStatus.NEW && second >= 3_000 ? "late_" : "lead_") + String.format("%05d", i);
        Lead lead = aLead(id).status(status).createdAt(START.plusSeconds(second)).build();
        partitions.put(lead);
        leads.add(lead);
      }
      service = partitions.service();
    }

    PartialAnswer runOf(LeadQuery q, Window window) {
      return runOf(q, Set.copyOf(IntStream.range(0, PARTITIONS).boxed().toList()), window);
    }

    PartialAnswer runOf(LeadQuery q, Set<Integer> partitions, Window window) {
      return service.partial(WORKSPACE, q, partitions, StandbyBound.OFF, null, false, window);
    }

    List<SortKey> matches(LeadQuery q) {
      return leads.stream()
          .filter(lead -> lead.status() == q.status())
          .map(lead -> new SortKey(lead.createdAt(), lead.id()))
          .sorted(LeadOrder.keyComparator(q.sortOrder()))
          .toList();
    }
  }
}
