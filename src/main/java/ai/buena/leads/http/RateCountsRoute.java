package ai.buena.leads.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code GET /internal/v1/rate-counts?since=N} (cluster credential): this instance's own request
 * counts of every key that changed after its count change number N (0: all), with the number of
 * its last change, and an incarnation that changes when it restarts (its numbers start again):
 * {@code {"incarnation", "version", "keys": {"<key id>": {"minute": [window number, count],
 * "hour": [...], "day": [...]}}}}. With {@code outdated=<key id>} (repeated for several keys):
 * the asking instance takes a fresh round for those keys, so this one stops at its counts of them
 * until a fresh round of its own.
 */
final class RateCountsRoute {
  static final String PATH = "/internal/v1/rate-counts";
  static final String SINCE = "since";
  static final String OUTDATED = "outdated";
  private static final Pattern VERSION = Pattern.compile("0|[1-9]\\d{0,17}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final RateLimiter limiter;
  private final String incarnation = UUID.randomUUID().toString();

  RateCountsRoute(RateLimiter limiter) {
    this.limiter = limiter;
  }

  void counts(Context ctx) {
    String since = ctx.queryParam(SINCE);
    if (since == null || !VERSION.matcher(since).matches()) {
      throw ApiError.invalidParams(Map.of(SINCE, "Must be a count change number"));
    }
    // before the counts are read: what this instance admits after them waits for its own round
    ctx.queryParams(OUTDATED).forEach(limiter::outdateShare);
    long version = limiter.version();
    ObjectNode body = JSON.createObjectNode().put("incarnation", incarnation).put("version", version);
    ObjectNode keys = body.putObject("keys");
    limiter
        .ownCountsSince(Long.parseLong(since))
        .forEach((keyId, windows) -> keys.set(keyId, windows(windows)));
    JsonBody.varyByEncoding(ctx);
    ctx.contentType("application/json").result(body.toString());
  }

  private static ObjectNode windows(Map<RateWindow, long[]> windows) {
    ObjectNode node = JSON.createObjectNode();
    windows.forEach(
        (window, numberAndCount) -> {
          ArrayNode pair = node.putArray(window.wire());
          pair.add(numberAndCount[0]).add(numberAndCount[1]);
        });
    return node;
  }
}
