package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.index.LocalIndexes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tasks move while queries run: a partition's index is closed, then its store, and a new index over
 * the same leads is registered, over and over. Every read ends in an answer or an {@link
 * UnavailableException} (503), never in a read of a closed store (which Kafka Streams answers with
 * an exception that became a 500).
 */
class MovingPartitionTest {
  private final PartitionMoves moves = new PartitionMoves(new LocalIndexes());
  private final LocalLeadQueryService service =
      new LocalLeadQueryService(
          moves.indexes, PartitionMoves.PARTITIONS, () -> true, PartitionMoves::partitionOf);

  @Test
  void shouldAnswerOrRefuseWithUnavailableButNeverReadAClosedStoreWhileTasksMove() throws Exception {
    PartitionMoves.Outcome outcome =
        moves.run(
            this::readOnce,
            p -> {
              PartitionMoves.Store store = moves.store(p);
              moves.indexes.unregister(store.index);
              store.index.close();
              store.close();
              moves.reopen(p);
            });

    outcome.assertEveryReadEndedRightWhilePartitionsMoved();
    assertThat(outcome.answered()).isPositive();
  }

  private Optional<String> readOnce(int i) {
    switch (i % 4) {
      case 0 -> service.list("ws_a", LeadQuery.builder().limit(20).build());
      case 1 -> service.list("ws_a", LeadQuery.builder().searchTerms(List.of("lead")).limit(5).build());
      case 2 -> service.get("ws_a", "lead_" + (i % PartitionMoves.LEADS));
      default -> service.partial("ws_a", LeadQuery.defaults(), Set.of(0, 1, 2));
    }
    return Optional.empty();
  }
}
