package ai.buena.leads.query;

import java.util.Optional;

/** Reads of the de-duplication store of a partition whose active task runs on this instance. */
public interface AppliedEvents {
  /** An instance that cannot read it: every lookup is unavailable. */
  AppliedEvents NONE =
      (partition, leadId, eventId) -> {
        throw new UnavailableException(
            "the applied events of partition " + partition + " cannot be read here",
            LocalLeadQueryService.RETRY_AFTER);
      };

  /**
   * The event of the lead, when the projection applied it within its de-duplication window;
   * throws {@link UnavailableException} when the partition's active store cannot be read here.
   */
  Optional<AppliedEvent> find(int partition, String leadId, String eventId);
}
