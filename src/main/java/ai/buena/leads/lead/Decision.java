package ai.buena.leads.lead;

import ai.buena.leads.events.EventError;

/** What one event does to the projection. */
public sealed interface Decision permits Decision.Upsert, Decision.Remove, Decision.Reject {
  /** The lead after the event; {@code previous} is null when the event created it. */
  record Upsert(Lead previous, Lead lead) implements Decision {}

  record Remove(Lead previous) implements Decision {}

  record Reject(EventError error) implements Decision {}
}
