package ai.buena.leads.events;

/** A field rule of events.md is broken; the message names the field and the rule. */
final class InvalidField extends RuntimeException {
  InvalidField(String message) {
    super(message, null, false, false);
  }
}
