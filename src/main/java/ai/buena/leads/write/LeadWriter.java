package ai.buena.leads.write;

import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.events.EventError;
import ai.buena.leads.events.EventParser;
import ai.buena.leads.events.LeadEvent;
import ai.buena.leads.events.ParseResult;
import ai.buena.leads.lead.Decision;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadTransitions;
import ai.buena.leads.query.LeadQueryService;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one API write into one event of {@code lead-events}: builds the envelope, validates it with
 * the projection's own parser, works out with the projection's own transition what the lead will
 * be, appends it and waits for the acknowledgement. Never touches a store: the projection stays the
 * only read model. The lead it starts from is read from the projection after the event a
 * consistency token names, when the write carries one (so an update right after its create finds
 * the lead).
 */
public final class LeadWriter {
  public static final String SOURCE_HEADER = "source";
  public static final String SOURCE_API = "api";
  public static final String API_KEY_ID_HEADER = "api-key-id";

  private final EventLog log;
  private final LeadQueryService leads;
  private final Clock clock;
  private final EventParser parser = new EventParser();

  public LeadWriter(EventLog log, LeadQueryService leads, Clock clock) {
    this.log = log;
    this.leads = leads;
    this.clock = clock;
  }

  /** Who writes: the key's workspace and the key's id (never the key). */
  public record Author(String workspaceId, String keyId) {}

  /** What became of a write. */
  public sealed interface Outcome {
    /** Appended; {@code lead} is the lead as the projection will show it (null once deleted). */
    record Written(Lead lead, Appended at) implements Outcome {}

    /** The workspace holds no such lead; nothing was appended. */
    record NotFound() implements Outcome {}

    /** The projection would refuse the event (e.g. too many custom fields); nothing appended. */
    record Refused(String field, String message) implements Outcome {}
  }

  /**
   * @param retryable the ids were derived from an idempotency key: the lead may exist already
   *     because this very create was applied before, and then the answer is that lead
   * @param after the event the projection must have processed before the lead is read (null: none)
   */
  public Outcome create(
      Author author,
      String leadId,
      String eventId,
      ObjectNode data,
      boolean retryable,
      ConsistencyToken after) {
    Prepared event = event(author, "LeadCreated", leadId, eventId, data);
    Lead current = retryable ? leads.get(author.workspaceId(), leadId, after).orElse(null) : null;
    Decision decision = LeadTransitions.decide(current, event.event());
    if (decision instanceof Decision.Upsert upsert) {
      return new Outcome.Written(upsert.lead(), append(author, event));
    }
    if (current != null) {
      // Sent again, de-duplication drops it: its offset is still a valid consistency token.
      return new Outcome.Written(current, append(author, event));
    }
    throw new IllegalStateException("a new lead refused: " + decision);
  }

  public Outcome update(
      Author author, String leadId, String eventId, ObjectNode patch, ConsistencyToken after) {
    Optional<Lead> current = leads.get(author.workspaceId(), leadId, after);
    if (current.isEmpty()) {
      return new Outcome.NotFound();
    }
    Prepared event = event(author, "LeadUpdated", leadId, eventId, patch);
    Decision decision = LeadTransitions.decide(current.get(), event.event());
    if (decision instanceof Decision.Upsert upsert) {
      return new Outcome.Written(upsert.lead(), append(author, event));
    }
    EventError error = ((Decision.Reject) decision).error();
    if (!error.code().equals(EventError.INVALID_FIELD)) {
      throw new IllegalStateException("an update of a held lead refused: " + error);
    }
    return new Outcome.Refused("customFields", error.message().replaceFirst("^data\\.", ""));
  }

  public Outcome delete(Author author, String leadId, String eventId, ConsistencyToken after) {
    if (leads.get(author.workspaceId(), leadId, after).isEmpty()) {
      return new Outcome.NotFound();
    }
    Prepared event = event(author, "LeadDeleted", leadId, eventId, null);
    return new Outcome.Written(null, append(author, event));
  }

  /** The event's bytes, and the event exactly as the projection will read them. */
  private record Prepared(LeadEvent event, byte[] bytes) {}

  private Prepared event(
      Author author, String type, String leadId, String eventId, ObjectNode data) {
    byte[] bytes = EventEnvelope.bytes(eventId, type, leadId, author.workspaceId(), now(), data);
    ParseResult parsed = parser.parse(bytes, leadId);
    if (parsed instanceof ParseResult.Invalid invalid) {
      // the edge validated every field with the same rules: this would be our bug
      throw new IllegalStateException("the API built an invalid event: " + invalid.error());
    }
    return new Prepared(((ParseResult.Valid) parsed).event(), bytes);
  }

  private Appended append(Author author, Prepared prepared) {
    return log.append(
        prepared.event().leadId(),
        prepared.bytes(),
        Map.of(SOURCE_HEADER, SOURCE_API, API_KEY_ID_HEADER, author.keyId()));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
