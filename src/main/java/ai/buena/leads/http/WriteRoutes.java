package ai.buena.leads.http;

import ai.buena.leads.auth.ApiKeyRecord;
import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.consistency.ConsistencyTokens;
import ai.buena.leads.events.EventParser;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.write.Appended;
import ai.buena.leads.write.IdempotencyCache;
import ai.buena.leads.write.IdempotencyScope;
import ai.buena.leads.write.LeadIds;
import ai.buena.leads.write.LeadWriter;
import ai.buena.leads.write.LeadWriter.Outcome;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/v2/leads}, {@code PUT} and {@code DELETE /api/v2/leads/{id}} (write-api.md):
 * each write is one event on {@code lead-events}, answered once Kafka acknowledged it, with the
 * lead as the projection will show it and an {@code X-Consistency-Token}.
 */
final class WriteRoutes {
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";
  static final String KEY_PROBLEM = "Must be 1 to 100 printable ASCII characters";

  private final LeadWriter writer;
  private final IdempotencyCache<Answer> answers;
  private final ConsistencyTokens tokens;
  private final Clock clock;
  private final Duration bodyDeadline;

  WriteRoutes(
      LeadWriter writer,
      IdempotencyCache<Answer> answers,
      ConsistencyTokens tokens,
      Clock clock,
      Duration bodyDeadline) {
    this.writer = writer;
    this.answers = answers;
    this.tokens = tokens;
    this.clock = clock;
    this.bodyDeadline = bodyDeadline;
  }

  /** A write's answer, kept to be given again to a retry with the same Idempotency-Key. */
  record Answer(HttpStatus status, String location, String token, byte[] body) {
    /** About what it holds: its body, and its two strings (two bytes a character). */
    long bytes() {
      return body.length + 2L * (length(location) + length(token));
    }

    private static int length(String text) {
      return text == null ? 0 : text.length();
    }
  }

  void create(Context ctx) {
    ApiKeyRecord key = Authenticator.key(ctx);
    WriteBody.Parsed body = WriteBody.read(ctx, bodyDeadline);
    Map<String, String> problems = new LinkedHashMap<>();
    ObjectNode data = WriteBody.createData(body, problems);
    Optional<IdempotencyScope> scope = scope(ctx, key, ApiServer.LEADS, problems);
    ConsistencyToken after = after(ctx, problems);
    if (!problems.isEmpty()) {
      throw ApiError.invalidBody(problems);
    }
    String fingerprint = WriteBody.fingerprint(body.object());
    if (replayed(ctx, scope, fingerprint)) {
      return;
    }
    Instant now = clock.instant();
    String leadId = scope.map(LeadIds::derivedLeadId).orElseGet(() -> LeadIds.newLeadId(now));
    Outcome.Written written =
        written(
            writer.create(
                author(key), leadId, eventId(scope, now), data, keyed(scope, fingerprint), after));
    answer(
        ctx,
        scope,
        fingerprint,
        new Answer(
            HttpStatus.CREATED,
            ApiServer.LEADS + "/" + written.lead().id(),
            token(written.at()),
            leadBody(written)));
  }

  void update(Context ctx) {
    ApiKeyRecord key = Authenticator.key(ctx);
    String leadId = ctx.pathParam(LeadRoutes.ID);
    WriteBody.Parsed body = WriteBody.read(ctx, bodyDeadline);
    Map<String, String> problems = new LinkedHashMap<>();
    ObjectNode patch = WriteBody.updatePatch(body, problems);
    Optional<IdempotencyScope> scope = scope(ctx, key, ApiServer.LEADS + "/" + leadId, problems);
    ConsistencyToken after = after(ctx, problems);
    if (!problems.isEmpty()) {
      throw ApiError.invalidBody(problems);
    }
    String fingerprint = WriteBody.fingerprint(body.object());
    if (replayed(ctx, scope, fingerprint)) {
      return;
    }
    requireLeadId(leadId);
    Outcome outcome =
        writer.update(
            author(key),
            leadId,
            eventId(scope, clock.instant()),
            patch,
            keyed(scope, fingerprint),
            after);
    if (outcome instanceof Outcome.Refused refused) {
      throw ApiError.invalidBody(Map.of(refused.field(), refused.message()));
    }
    Outcome.Written written = written(outcome);
    answer(
        ctx,
        scope,
        fingerprint,
        new Answer(HttpStatus.OK, null, token(written.at()), leadBody(written)));
  }

  void delete(Context ctx) {
    ApiKeyRecord key = Authenticator.key(ctx);
    String leadId = ctx.pathParam(LeadRoutes.ID);
    Map<String, String> problems = new LinkedHashMap<>();
    Optional<IdempotencyScope> scope = scope(ctx, key, ApiServer.LEADS + "/" + leadId, problems);
    ConsistencyToken after = after(ctx, problems);
    if (!problems.isEmpty()) {
      throw ApiError.invalidBody(problems);
    }
    // a DELETE has no body: every retry of it is the same request
    String fingerprint = WriteBody.fingerprint(JsonNodeFactory.instance.objectNode());
    if (replayed(ctx, scope, fingerprint)) {
      return;
    }
    requireLeadId(leadId);
    Outcome.Written written =
        written(
            writer.delete(
                author(key), leadId, eventId(scope, clock.instant()), keyed(scope, fingerprint), after));
    byte[] body =
        JsonBody.bytes(
            g -> {
              g.writeStartObject();
              g.writeBooleanField("success", true);
              g.writeStringField("message", "Lead " + leadId + " has been successfully deleted");
              g.writeEndObject();
            });
    answer(ctx, scope, fingerprint, new Answer(HttpStatus.OK, null, token(written.at()), body));
  }

  /**
   * The request's idempotency scope, if it carries one key; a broken key joins {@code problems}.
   * {@code path} is the write's canonical path (decoded lead id, no trailing slash), never the
   * request's own: {@code /api/v2/leads/} and {@code /api/v2/leads} are one write.
   */
  private static Optional<IdempotencyScope> scope(
      Context ctx, ApiKeyRecord key, String path, Map<String, String> problems) {
    List<String> values = Collections.list(ctx.req().getHeaders(IDEMPOTENCY_KEY));
    if (values.isEmpty()) {
      return Optional.empty();
    }
    if (values.size() > 1) {
      problems.put(IDEMPOTENCY_KEY, "Must be given once");
      return Optional.empty();
    }
    if (!IdempotencyScope.isValidKey(values.get(0))) {
      problems.put(IDEMPOTENCY_KEY, KEY_PROBLEM);
      return Optional.empty();
    }
    return Optional.of(
        new IdempotencyScope(key.workspaceId(), values.get(0), ctx.method().name(), path));
  }

  /**
   * The event the request's {@code X-Consistency-Token} names (null without one): the lead the
   * write starts from is read once the projection has processed it. A broken token joins {@code
   * problems}.
   */
  private ConsistencyToken after(Context ctx, Map<String, String> problems) {
    ConsistencyHeader header = ConsistencyHeader.of(ctx, tokens);
    if (header.invalid()) {
      problems.put(ConsistencyTokens.HEADER, ConsistencyHeader.INVALID_TOKEN);
    }
    return header.token();
  }

  /** Answers a retry from memory: the same answer again, or 409 for another request. */
  private boolean replayed(Context ctx, Optional<IdempotencyScope> scope, String fingerprint) {
    if (scope.isEmpty()) {
      return false;
    }
    Optional<IdempotencyCache.Remembered<Answer>> remembered =
        answers.lookup(scope.get(), clock.instant());
    if (remembered.isEmpty()) {
      return false;
    }
    if (!remembered.get().fingerprint().equals(fingerprint)) {
      throw ApiError.idempotencyKeyReused();
    }
    ctx.header(REPLAYED, "true");
    send(ctx, remembered.get().answer());
    return true;
  }

  private void answer(
      Context ctx, Optional<IdempotencyScope> scope, String fingerprint, Answer answer) {
    scope.ifPresent(s -> answers.remember(s, fingerprint, answer, clock.instant()));
    send(ctx, answer);
  }

  private static void send(Context ctx, Answer answer) {
    if (answer.location() != null) {
      ctx.header(Header.LOCATION, answer.location());
    }
    ctx.header(ConsistencyTokens.HEADER, answer.token());
    JsonBody.varyByEncoding(ctx);
    ctx.status(answer.status()).contentType(JsonBody.CONTENT_TYPE).result(answer.body());
  }

  private static LeadWriter.Keyed keyed(Optional<IdempotencyScope> scope, String fingerprint) {
    return scope.map(s -> new LeadWriter.Keyed(fingerprint)).orElse(null);
  }

  private static String eventId(Optional<IdempotencyScope> scope, Instant now) {
    return scope.map(LeadIds::derivedEventId).orElseGet(() -> LeadIds.newEventId(now));
  }

  private String token(Appended at) {
    return tokens.issue(ConsistencyToken.of(at.partition(), at.offset()));
  }

  private static LeadWriter.Author author(ApiKeyRecord key) {
    return new LeadWriter.Author(key.workspaceId(), key.id());
  }

  /** No event can create a lead with an id of another form: nothing to look up, nothing to write. */
  private static void requireLeadId(String leadId) {
    if (!EventParser.isLeadId(leadId)) {
      throw ApiError.writeLeadNotFound();
    }
  }

  private static Outcome.Written written(Outcome outcome) {
    if (outcome instanceof Outcome.NotFound) {
      throw ApiError.writeLeadNotFound();
    }
    if (outcome instanceof Outcome.KeyReused) {
      throw ApiError.idempotencyKeyReused();
    }
    return (Outcome.Written) outcome;
  }

  private static byte[] leadBody(Outcome.Written written) {
    return JsonBody.bytes(
        g -> {
          g.writeStartObject();
          g.writeBooleanField("success", true);
          g.writeFieldName("data");
          LeadJson.write(g, written.lead(), false);
          g.writeEndObject();
        });
  }
}
