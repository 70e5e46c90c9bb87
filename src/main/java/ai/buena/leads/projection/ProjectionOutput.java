package ai.buena.leads.projection;

import ai.buena.leads.events.EventError;

/** What the event processor hands downstream: a lead change, a status count change or a dead letter. */
sealed interface ProjectionOutput
    permits ProjectionOutput.LeadChanged, ProjectionOutput.StatusDelta, ProjectionOutput.DeadLetter {

  /**
   * The lead as stored and published (the API's JSON plus workspaceId); null when the lead was
   * deleted (a tombstone downstream).
   */
  record LeadChanged(byte[] json) implements ProjectionOutput {}

  record StatusDelta(StatusCountsDelta delta) implements ProjectionOutput {}

  /** The original record, headers included, and why it was refused. */
  record DeadLetter(byte[] key, byte[] value, EventError error) implements ProjectionOutput {}
}
