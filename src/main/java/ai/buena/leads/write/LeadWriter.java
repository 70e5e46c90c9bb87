package ai.buena.leads.write;

import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.events.EventError;
import ai.buena.leads.events.EventParser;
import ai.buena.leads.events.LeadEvent;
import ai.buena.leads.events.ParseResult;
import ai.buena.leads.lead.Decision;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadTransitions;
import ai.buena.leads.projection.DedupeEntries;
import ai.buena.leads.query.AppliedEvent;
import ai.buena.leads.query.LeadQueryService;
import ai.buena.leads.query.UnavailableException;
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

    /**
     * The write's event id (from its Idempotency-Key) was applied from a request with another
     * body: nothing was appended, or what was appended lost the race and is dropped.
     */
    record KeyReused() implements Outcome {}
  }

  /**
   * A write's {@code Idempotency-Key}: the ids were derived from it, and {@code fingerprint}
   * identifies the request (its body). Before such a write is appended, the owner of the lead's
   * partition is asked whether the event id was applied from another request (then {@link
   * Outcome.KeyReused}, nothing appended); after, once the projection processed the appended event,
   * whether this request's event won against a concurrent one with another body (see
   * docs/http-api.md, Idempotency).
   */
  public record Keyed(String fingerprint) {}

  /**
   * @param keyed the request's Idempotency-Key (null: none); with one the lead may exist already
   *     because this very create was applied before, and then the answer is that lead
   * @param after the event the projection must have processed before the lead is read (null: none)
   */
  public Outcome create(
      Author author,
      String leadId,
      String eventId,
      ObjectNode data,
      Keyed keyed,
      ConsistencyToken after) {
    Prepared event = event(author, "LeadCreated", leadId, eventId, data, keyed);
    if (usedByAnotherRequest(event, keyed, after)) {
      return new Outcome.KeyReused();
    }
    Lead current = keyed != null ? leads.current(author.workspaceId(), leadId, after).orElse(null) : null;
    Decision decision = LeadTransitions.decide(current, event.event());
    if (decision instanceof Decision.Upsert upsert) {
      return written(upsert.lead(), author, event);
    }
    if (current != null) {
      // Sent again, de-duplication drops it: its offset is still a valid consistency token.
      return written(current, author, event);
    }
    throw new IllegalStateException("a new lead refused: " + decision);
  }

  public Outcome update(
      Author author,
      String leadId,
      String eventId,
      ObjectNode patch,
      Keyed keyed,
      ConsistencyToken after) {
    Prepared event = event(author, "LeadUpdated", leadId, eventId, patch, keyed);
    if (usedByAnotherRequest(event, keyed, after)) {
      return new Outcome.KeyReused();
    }
    Optional<Lead> current = leads.current(author.workspaceId(), leadId, after);
    if (current.isEmpty()) {
      return new Outcome.NotFound();
    }
    Decision decision = LeadTransitions.decide(current.get(), event.event());
    if (decision instanceof Decision.Upsert upsert) {
      return written(upsert.lead(), author, event);
    }
    EventError error = ((Decision.Reject) decision).error();
    if (!error.code().equals(EventError.INVALID_FIELD)) {
      throw new IllegalStateException("an update of a held lead refused: " + error);
    }
    return new Outcome.Refused("customFields", error.message().replaceFirst("^data\\.", ""));
  }

  public Outcome delete(
      Author author, String leadId, String eventId, Keyed keyed, ConsistencyToken after) {
    Prepared event = event(author, "LeadDeleted", leadId, eventId, null, keyed);
    // The lead before the event id: a first send of this delete applied between the two reads
    // then shows as applied. The other way round, it showed as neither applied nor held (404).
    boolean held = leads.current(author.workspaceId(), leadId, after).isPresent();
    Optional<AppliedEvent> applied = appliedBefore(event, keyed, after);
    if (applied.isPresent() && !applied.get().sameRequest(keyed.fingerprint())) {
      return new Outcome.KeyReused();
    }
    // a retry of a delete this key applied before (its answer lost) answers as the first did:
    // sent again, de-duplication drops it
    if (applied.isEmpty() && !held) {
      return new Outcome.NotFound();
    }
    return written(null, author, event);
  }

  /** The event's bytes, the event exactly as the projection will read them, and its key if any. */
  private record Prepared(LeadEvent event, byte[] bytes, Keyed keyed) {}

  /** Whether the owner of the lead's partition applied this event id from another request. */
  private boolean usedByAnotherRequest(Prepared event, Keyed keyed, ConsistencyToken after) {
    Optional<AppliedEvent> applied = appliedBefore(event, keyed, after);
    return applied.isPresent() && !applied.get().sameRequest(keyed.fingerprint());
  }

  /** The application of a keyed write's event id the projection knows of; empty without a key. */
  private Optional<AppliedEvent> appliedBefore(Prepared event, Keyed keyed, ConsistencyToken after) {
    return keyed == null
        ? Optional.empty()
        : leads.appliedEvent(event.event().leadId(), event.event().eventId(), after);
  }

  /**
   * Appends the event; a keyed one is then confirmed: once the projection processed it, the event
   * id must have been applied from this request (or not at all, e.g. dead-lettered), else a
   * concurrent request with the same key and another body came first and this one is dropped.
   */
  private Outcome written(Lead lead, Author author, Prepared event) {
    Appended at = append(author, event);
    if (event.keyed() == null) {
      return new Outcome.Written(lead, at);
    }
    Optional<AppliedEvent> applied;
    try {
      applied =
          leads.appliedEvent(
              event.event().leadId(),
              event.event().eventId(),
              ConsistencyToken.of(at.partition(), at.offset()));
    } catch (UnavailableException e) {
      throw AppendUncertainException.unconfirmed(
          "the projection did not confirm which request the event id was applied from: "
              + e.getMessage(),
          e);
    }
    if (applied.isPresent() && !applied.get().sameRequest(event.keyed().fingerprint())) {
      return new Outcome.KeyReused();
    }
    if (applied.isPresent() && lead != null) {
      // Applied from this request, but maybe from its first send, not this one (a retry that
      // came before the first was processed, dropped by de-duplication): the lead as the
      // projection holds it then, not as computed here with this send's time.
      return new Outcome.Written(held(author, lead, at), at);
    }
    return new Outcome.Written(lead, at);
  }

  /** The lead as the projection holds it once it processed {@code at}; {@code computed} if unread. */
  private Lead held(Author author, Lead computed, Appended at) {
    try {
      return leads
          .current(author.workspaceId(), computed.id(), ConsistencyToken.of(at.partition(), at.offset()))
          .orElse(computed);
    } catch (UnavailableException e) {
      return computed;
    }
  }

  private Prepared event(
      Author author, String type, String leadId, String eventId, ObjectNode data, Keyed keyed) {
    byte[] bytes = EventEnvelope.bytes(eventId, type, leadId, author.workspaceId(), now(), data);
    ParseResult parsed = parser.parse(bytes, leadId);
    if (parsed instanceof ParseResult.Invalid invalid) {
      // the edge validated every field with the same rules: this would be our bug
      throw new IllegalStateException("the API built an invalid event: " + invalid.error());
    }
    return new Prepared(((ParseResult.Valid) parsed).event(), bytes, keyed);
  }

  private Appended append(Author author, Prepared prepared) {
    Map<String, String> headers =
        prepared.keyed() == null
            ? Map.of(SOURCE_HEADER, SOURCE_API, API_KEY_ID_HEADER, author.keyId())
            : Map.of(
                SOURCE_HEADER,
                SOURCE_API,
                API_KEY_ID_HEADER,
                author.keyId(),
                DedupeEntries.FINGERPRINT_HEADER,
                prepared.keyed().fingerprint());
    return log.append(prepared.event().leadId(), prepared.bytes(), headers);
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
