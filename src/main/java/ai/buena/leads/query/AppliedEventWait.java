package ai.buena.leads.query;

import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.consistency.ConsistencyToken;
import java.time.Duration;

/** Turns a bounded wait for a token's event into "go on" or a 503 that says why. */
final class AppliedEventWait {
  private AppliedEventWait() {}

  static void await(AppliedOffsets offsets, ConsistencyToken after) {
    await(offsets, after, false);
  }

  /** @param forWrite a write waits (see {@link AppliedOffsets#awaitForWrite}) */
  static void await(AppliedOffsets offsets, ConsistencyToken after, boolean forWrite) {
    AppliedOffsets.Wait outcome;
    try {
      outcome =
          forWrite
              ? offsets.awaitForWrite(after.partition(), after.offset())
              : offsets.await(after.partition(), after.offset());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException(
          "interrupted while waiting for the projection", LocalLeadQueryService.RETRY_AFTER);
    }
    switch (outcome) {
      case APPLIED -> {}
      case TIMED_OUT ->
          throw new NotYetApplied(
              "partition " + after.partition() + " has not processed offset " + after.offset()
                  + " within " + offsets.bound().toMillis() + " ms (processed: "
                  + offsets.applied(after.partition()) + ")",
              LocalLeadQueryService.RETRY_AFTER);
      case TOO_MANY_WAITING ->
          throw new NotYetApplied(
              "too many reads are waiting for the projection here", LocalLeadQueryService.RETRY_AFTER);
    }
  }

  /** Waits until no record of {@code partition} is half applied here; a 503 past the bound. */
  static void awaitApplyEnded(AppliedOffsets offsets, int partition) {
    boolean ended;
    try {
      ended = offsets.awaitApplyEnded(partition);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException(
          "interrupted while waiting for the projection", LocalLeadQueryService.RETRY_AFTER);
    }
    if (!ended) {
      throw new NotYetApplied(
          "partition " + partition + " did not finish applying a record within "
              + offsets.bound().toMillis() + " ms",
          LocalLeadQueryService.RETRY_AFTER);
    }
  }

  /**
   * The token's event was not processed in time here (or too many reads wait): no other copy
   * answers it sooner, and asking this one again would wait once more, past the reads' bound.
   */
  static final class NotYetApplied extends UnavailableException {
    NotYetApplied(String reason, Duration retryAfter) {
      super(reason, retryAfter);
    }

    @Override
    public boolean otherCopiesMayAnswer() {
      return false;
    }
  }
}
