package ai.buena.leads.http;

import ai.buena.leads.logging.ThrottledLog;
import ai.buena.leads.query.LeadMemory;
import ai.buena.leads.query.QueryTooExpensiveException;
import ai.buena.leads.query.UnavailableException;
import ai.buena.leads.write.AppendUncertainException;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes every error the API answers, one mapper per kind, in the one error shape. */
final class ErrorResponses {
  static final String UNAVAILABLE_MESSAGE =
      "Lead data is temporarily unavailable, please retry after the Retry-After delay";

  static final String TOO_EXPENSIVE_MESSAGE =
      "The query needs more work than one request may use; narrow it (fewer or longer search terms,"
          + " more filters) or page with the cursor instead of a deep page";

  static final String WRITE_UNCERTAIN_MESSAGE =
      "The write was not acknowledged in time: it may or may not have been applied; retry with the"
          + " same Idempotency-Key";

  static final String WRITE_UNCERTAIN_UNKEYED_MESSAGE =
      "The write was not acknowledged in time: it may or may not have been applied; it carried no"
          + " Idempotency-Key, so sending it again may apply it twice: read the lead first, and send"
          + " writes with an Idempotency-Key to retry them safely";

  static final String WRITE_UNCONFIRMED_MESSAGE =
      "The write was acknowledged, but the projection did not confirm it in time (it is behind):"
          + " it may or may not have been applied; retry with the same Idempotency-Key";

  static final long TOO_EXPENSIVE_RETRY_AFTER_SECONDS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
  /** A 503 is logged at most once per this period (an outage answers every request so). */
  static final Duration LOG_503_EVERY = Duration.ofSeconds(10);

  private final ThrottledLog unavailableLines = new ThrottledLog(LOG_503_EVERY);
  private final ThrottledLog tooExpensiveLines = new ThrottledLog(LOG_503_EVERY);

  private final Clock clock;

  ErrorResponses(Clock clock) {
    this.clock = clock;
  }

  void apiError(ApiError e, Context ctx) {
    send(ctx, e.status(), e.code(), e.getMessage(), e.extras());
  }

  void unavailable(UnavailableException e, Context ctx) {
    long seconds = retryAfterSeconds(e.retryAfter());
    unavailableLines.occurred(
        (count, first) ->
            LOG.info(
                "answering 503 to {} {}: {} ({} 503 answer(s) since the last such line)",
                ctx.method(),
                ctx.path(),
                e.getMessage(),
                count));
    ctx.header(Header.RETRY_AFTER, Long.toString(seconds));
    // a peer's own memory being full is no reason for the asker not to try other copies
    if (!e.otherCopiesMayAnswer()
        && !(e instanceof LeadMemory.Full)
        && ctx.path().startsWith(InternalRoutes.PREFIX)) {
      ctx.header(InternalRoutes.NO_OTHER_COPY, "true");
    }
    send(
        ctx,
        HttpStatus.SERVICE_UNAVAILABLE,
        "UNAVAILABLE",
        UNAVAILABLE_MESSAGE,
        Map.of("retryAfter", seconds));
  }

  /**
   * Kafka did not acknowledge a write in time, or the projection did not confirm a keyed one: the
   * client cannot know whether it happened.
   */
  void writeUncertain(AppendUncertainException e, Context ctx) {
    LOG.warn("answering 503 to {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
    ctx.header(Header.RETRY_AFTER, "1");
    send(
        ctx,
        HttpStatus.SERVICE_UNAVAILABLE,
        "UNAVAILABLE",
        e.acknowledged()
            ? WRITE_UNCONFIRMED_MESSAGE
            : ctx.header(WriteRoutes.IDEMPOTENCY_KEY) == null
                ? WRITE_UNCERTAIN_UNKEYED_MESSAGE
                : WRITE_UNCERTAIN_MESSAGE,
        Map.of("retryAfter", 1));
  }

  /**
   * 503 with {@code Retry-After} as every 503 of list-leads.md, but a longer one: the same query
   * costs about the same again (only a frequent search term's first asking gets further when
   * repeated), so a client that retries by the header does so rarely; the message says to narrow
   * it.
   */
  void tooExpensive(QueryTooExpensiveException e, Context ctx) {
    tooExpensiveLines.occurred(
        (count, first) ->
            LOG.info(
                "answering 503 to {} {}: {} ({} such answer(s) since the last such line)",
                ctx.method(),
                ctx.path(),
                e.getMessage(),
                count));
    ctx.header(Header.RETRY_AFTER, Long.toString(TOO_EXPENSIVE_RETRY_AFTER_SECONDS));
    send(
        ctx,
        HttpStatus.SERVICE_UNAVAILABLE,
        "QUERY_TOO_EXPENSIVE",
        TOO_EXPENSIVE_MESSAGE,
        Map.of("retryAfter", TOO_EXPENSIVE_RETRY_AFTER_SECONDS));
  }

  void unexpected(Exception e, Context ctx) {
    LOG.error("unexpected {} on {} {}", e.getClass().getName(), ctx.method(), ctx.path(), e);
    send(
        ctx, HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "Internal server error", Map.of());
  }

  /** Javalin's 404 when no route matched; a 404 a handler answered keeps its own body. */
  void routeNotFound(Context ctx) {
    if (ctx.endpoints().matchedHttpEndpoint() == null) {
      send(ctx, HttpStatus.NOT_FOUND, "NOT_FOUND", "Route not found", Map.of());
    }
  }

  /** Javalin's 405, whose {@code Allow} header lists the path's methods. */
  void methodNotAllowed(Context ctx) {
    send(ctx, HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "Method not allowed", Map.of());
  }

  private void send(
      Context ctx, HttpStatus status, String code, String message, Map<String, ?> extras) {
    JsonBody.send(ctx, status, ErrorBody.of(code, message, clock.instant(), extras));
  }

  private static long retryAfterSeconds(Duration retryAfter) {
    long millis = retryAfter == null ? 0 : Math.max(0, retryAfter.toMillis());
    return Math.max(1, (millis + 999) / 1000);
  }
}
