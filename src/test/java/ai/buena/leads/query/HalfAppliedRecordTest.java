package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The projection deletes a lead and records the event's id one after the other: a look-up of the
 * event id waits while a record is half applied, so a delete retried just then reads as applied
 * (its lead is already gone), not as a lead that was never there.
 */
class HalfAppliedRecordTest {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  private final LocalIndexes indexes = new LocalIndexes();
  private final AtomicReference<AppliedEvent> recorded = new AtomicReference<>();
  private final LocalLeadQueryService engine;

  HalfAppliedRecordTest() {
    indexes.register(new PartitionIndex(0, id -> null));
    engine =
        new LocalLeadQueryService(
            indexes,
            1,
            () -> true,
            id -> 0,
            LocalLeadQueryService.DEFAULT_WORK_BUDGET,
            StandbyCopies.NONE,
            (partition, leadId, eventId) -> Optional.ofNullable(recorded.get()));
  }

  @Test
  void shouldLookUpAnEventIdOnlyOnceTheRecordBeingAppliedIsWhollyApplied() {
    indexes.appliedOffsets().beginApply(0);
    CompletableFuture<Optional<AppliedEvent>> lookUp =
        CompletableFuture.supplyAsync(() -> engine.appliedEvent("lead_1", "evt_1", null));
    await().atMost(DEADLINE).until(() -> indexes.appliedOffsets().waiting() == 1);

    AppliedEvent event = new AppliedEvent(Optional.of("f".repeat(64)));
    recorded.set(event);
    indexes.appliedOffsets().endApply(0);

    assertThat(lookUp).succeedsWithin(DEADLINE).isEqualTo(Optional.of(event));
  }

  @Test
  void shouldLookUpAnEventIdAtOnceWhenNoRecordIsBeingApplied() {
    assertThat(engine.appliedEvent("lead_1", "evt_1", null)).isEmpty();
  }
}
