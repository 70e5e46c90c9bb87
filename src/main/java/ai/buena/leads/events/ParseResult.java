package ai.buena.leads.events;

/** The outcome of reading one record of {@code lead-events}: a valid event or the reason it is not. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Invalid {
  record Valid(LeadEvent event) implements ParseResult {}

  record Invalid(EventError error) implements ParseResult {}
}
