package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.index.IndexRole;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.lead.Lead;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Standby copies are promoted to active and demoted back while reads that allow stale answers run:
 * the partition always has an index, so every read is answered with the whole total, never
 * refused (a read that found no active and then no standby, the copy having been promoted in
 * between, was a 503 in AvailabilityIT's crash test).
 */
class PromotingPartitionTest {
  private static final StandbyBound BOUND = new StandbyBound(1000);

  private final PartitionMoves moves =
      new PartitionMoves(new LocalIndexes(new AppliedOffsets(), Duration.ofMinutes(5)));
  private final LocalLeadQueryService service =
      moves.service(PartitionMoves.copiesBehind(OptionalLong.of(0), OptionalLong.empty()));

  @Test
  void shouldAnswerEveryReadWhileStandbysArePromotedToActiveAndBack() throws Exception {
    PartitionMoves.Outcome outcome =
        moves.run(
            this::readOnce,
            p -> {
              moves.indexes.assignRole(moves.store(p).index, IndexRole.STANDBY);
              moves.awaitReads(1);
              moves.indexes.assignRole(moves.store(p).index, IndexRole.ACTIVE);
            });

    outcome.assertEveryReadEndedRightWhilePartitionsMoved();
    assertThat(outcome.refused()).isZero();
  }

  @Test
  void shouldAnswerAPageFromTheActiveWhenTheStandbyIsPromotedWhileItsLagIsMeasured() {
    moves.indexes.assignRole(moves.store(0).index, IndexRole.STANDBY);

    PartialAnswer answer =
        promotingWhileMeasured().partial("ws_a", LeadQuery.defaults(), Set.of(0, 1, 2), BOUND);

    assertThat(answer.total()).isEqualTo(PartitionMoves.LEADS);
    assertThat(answer.staleness().stale()).isFalse();
  }

  @Test
  void shouldAnswerALeadFromTheActiveWhenTheStandbyIsPromotedWhileItsLagIsMeasured() {
    moves.indexes.assignRole(moves.store(0).index, IndexRole.STANDBY);
    String leadOfPartition0 =
        IntStream.range(0, PartitionMoves.LEADS)
            .mapToObj(i -> "lead_" + i)
            .filter(id -> PartitionMoves.partitionOf(id) == 0)
            .findFirst()
            .orElseThrow();

    Answered<Optional<Lead>> found = promotingWhileMeasured().find("ws_a", leadOfPartition0, BOUND);

    assertThat(found.value()).isPresent();
    assertThat(found.staleness().stale()).isFalse();
  }

  /**
   * A service whose standby copies' lag cannot be told once measured, the copy having been promoted
   * to active meanwhile (as Kafka Streams' lags lack a task while a rebalance moves it).
   */
  private LocalLeadQueryService promotingWhileMeasured() {
    return moves.service(
        new StandbyCopies() {
          @Override
          public OptionalLong recordsBehind(int partition) {
            moves.indexes.assignRole(moves.store(partition).index, IndexRole.ACTIVE);
            return OptionalLong.empty();
          }

          @Override
          public Optional<Lead> lead(int partition, String leadId) {
            throw new UnavailableException("no interactive query here", Duration.ofSeconds(1));
          }
        });
  }

  private Optional<String> readOnce(int i) {
    if (i % 2 == 0) {
      PartialAnswer answer = service.partial("ws_a", LeadQuery.defaults(), Set.of(0, 1, 2), BOUND);
      return answer.total() == PartitionMoves.LEADS
          ? Optional.empty()
          : Optional.of("total " + answer.total());
    }
    String id = "lead_" + (i % PartitionMoves.LEADS);
    return service.find("ws_a", id, BOUND).value().isPresent()
        ? Optional.empty()
        : Optional.of("lead " + id + " not found");
  }
}
