package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.RetiredCopy;
import ai.buena.leads.lead.Lead;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Tasks leave while queries run: a partition's active index becomes a retired copy, which is then
 * closed (with its store) before a new active over the same leads opens, over and over. Reads that
 * allow stale answers get the whole total (labelled when a retired copy answered) or {@link
 * UnavailableException}; reads that do not are never answered from a retired copy; nothing else is
 * ever thrown (a read of a closed store would be a 500).
 */
class RetiringPartitionTest {
  private static final StandbyBound BOUND = new StandbyBound(1000);

  private final PartitionMoves moves =
      new PartitionMoves(new LocalIndexes(new AppliedOffsets(), Duration.ofMinutes(5)));
  private final AtomicInteger answeredStale = new AtomicInteger();
  private final LocalLeadQueryService service =
      moves.service(PartitionMoves.copiesBehind(OptionalLong.empty(), OptionalLong.of(2)));

  @Test
  void shouldAnswerWholeOrRefuseButNeverFailWhileTasksRetireAndReopen() throws Exception {
    PartitionMoves.Outcome outcome =
        moves.run(
            this::readOnce,
            p -> {
              retire(moves.store(p));
              // let the readers in while the partition has only its retired copy
              moves.awaitReads(PartitionMoves.READERS);
              moves.indexes.closeRetired(p);
              moves.reopen(p);
            });

    outcome.assertEveryReadEndedRightWhilePartitionsMoved();
    assertThat(answeredStale.get()).as("answers from retired copies").isPositive();
  }

  private Optional<String> readOnce(int i) {
    switch (i % 3) {
      case 0 -> {
        PartialAnswer answer = service.partial("ws_a", LeadQuery.defaults(), Set.of(0, 1, 2), BOUND);
        if (answer.staleness().stale()) {
          answeredStale.incrementAndGet();
        }
        return answer.total() == PartitionMoves.LEADS
            ? Optional.empty()
            : Optional.of("stale-allowed total " + answer.total());
      }
      case 1 -> {
        PartialAnswer answer =
            service.partial("ws_a", LeadQuery.defaults(), Set.of(0, 1, 2), StandbyBound.OFF);
        if (answer.staleness().stale()) {
          return Optional.of("a read without stale answers was answered stale");
        }
        return answer.total() == PartitionMoves.LEADS
            ? Optional.empty()
            : Optional.of("total " + answer.total());
      }
      default -> {
        String id = "lead_" + (i % PartitionMoves.LEADS);
        Answered<Optional<Lead>> found = service.find("ws_a", id, BOUND);
        return found.value().isPresent()
            ? Optional.empty()
            : Optional.of("lead " + id + " not found (stale: " + found.staleness() + ")");
      }
    }
  }

  /** Its task leaves: the copy is handed over instead of closed. */
  private void retire(PartitionMoves.Store store) {
    RetiredCopy copy =
        new RetiredCopy(
            store.index,
            "app-leads-changelog",
            store.index.partition(),
            41,
            store::close,
            System.nanoTime());
    if (!moves.indexes.retire(copy, store.index)) {
      throw new IllegalStateException("partition " + store.index.partition() + " was not retired");
    }
  }
}
