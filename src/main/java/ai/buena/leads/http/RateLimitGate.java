package ai.buena.leads.http;

import ai.buena.leads.auth.ApiKeyRecord;
import io.javalin.http.Context;
import io.javalin.http.Header;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts a request against its key's limits once the key is known, before its permission is
 * checked: every answer to a limited key then carries the {@code X-RateLimit-*} headers, and a key
 * over its limit gets 429 (headers set here, body written by the {@link ApiError} mapper).
 */
final class RateLimitGate {
  static final String LIMIT = "X-RateLimit-Limit";
  static final String REMAINING = "X-RateLimit-Remaining";
  static final String RESET = "X-RateLimit-Reset";
  static final String WINDOW = "X-RateLimit-Window";

  private final RateLimiter limiter;

  /** {@code limiter} null: the limits are off, and the gate lets everything through. */
  RateLimitGate(RateLimiter limiter) {
    this.limiter = limiter;
  }

  /**
   * The {@code X-RateLimit-*} headers of {@code key} as they stand, nothing counted: for an answer
   * given before the key's request is counted (shed for load). Empty when the limits are off.
   */
  Map<String, String> headersOf(ApiKeyRecord key) {
    if (limiter == null) {
      return Map.of();
    }
    RateLimiter.Decision decision = limiter.peek(key.id());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(LIMIT, Integer.toString(decision.limit()));
    headers.put(REMAINING, Integer.toString(decision.remaining()));
    headers.put(RESET, Long.toString(decision.reset()));
    headers.put(WINDOW, decision.window().wire());
    return headers;
  }

  void admit(Context ctx, ApiKeyRecord key) {
    if (limiter == null) {
      return;
    }
    RateLimiter.Decision decision = limiter.acquire(key.id());
    ctx.header(LIMIT, Integer.toString(decision.limit()));
    ctx.header(REMAINING, Integer.toString(decision.remaining()));
    ctx.header(RESET, Long.toString(decision.reset()));
    ctx.header(WINDOW, decision.window().wire());
    if (!decision.allowed()) {
      ctx.header(Header.RETRY_AFTER, Long.toString(decision.retryAfterSeconds()));
      throw ApiError.rateLimitExceeded(decision);
    }
  }
}
