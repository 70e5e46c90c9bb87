package ai.buena.leads.http;

import static ai.buena.leads.http.ApiResponse.compactJson;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitedApiTest {
  private static final Instant THIRTY_SECONDS_PAST_TEN = Instant.parse("2026-01-15T10:00:30Z");
  private static final long NEXT_MINUTE = Instant.parse("2026-01-15T10:01:00Z").getEpochSecond();
  private static final long NEXT_HOUR = Instant.parse("2026-01-15T11:00:00Z").getEpochSecond();

  private final TestClock clock = new TestClock(THIRTY_SECONDS_PAST_TEN);
  private RunningApi api;

  private String startWithLimits(RateLimits limits) {
    api = new RunningApi(ServerOptions.defaults().withRateLimits(limits).withClock(clock));
    return api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
  }

  @AfterEach
  void stopServer() {
    if (api != null) {
      api.close();
    }
  }

  private ApiResponse[] getTimes(int times, String key) {
    ApiResponse[] responses = new ApiResponse[times];
    for (int i = 0; i < times; i++) {
      responses[i] = api.get(ApiServer.LEADS, key);
    }
    return responses;
  }

  private static void assertRateLimitHeaders(
      ApiResponse response, int limit, int remaining, long reset, String window) {
    assertThat(response.header("X-RateLimit-Limit")).contains(Integer.toString(limit));
    assertThat(response.header("X-RateLimit-Remaining")).contains(Integer.toString(remaining));
    assertThat(response.header("X-RateLimit-Reset")).contains(Long.toString(reset));
    assertThat(response.header("X-RateLimit-Window")).contains(window);
  }

  private static void assertNoRateLimitHeaders(ApiResponse response) {
    assertThat(response.header("X-RateLimit-Limit")).isEmpty();
    assertThat(response.header("X-RateLimit-Remaining")).isEmpty();
    assertThat(response.header("X-RateLimit-Reset")).isEmpty();
    assertThat(response.header("X-RateLimit-Window")).isEmpty();
  }

  @Test
  void tellsALimitedKeyItsTightestWindowOnANormalAnswer() {
    String key = startWithLimits(RateLimits.buena());

    ApiResponse response = api.get(ApiServer.LEADS, key);

    assertThat(response.status()).isEqualTo(200);
    assertRateLimitHeaders(response, 60, 59, NEXT_MINUTE, "minute");
  }

  @Test
  void answers429ToTheSixtyFirstRequestOfAMinuteInTheContractsShape() {
    String key = startWithLimits(RateLimits.buena());
    ApiResponse[] allowed = getTimes(60, key);

    ApiResponse refused = api.get(ApiServer.LEADS, key);

    assertThat(allowed).extracting(ApiResponse::status).containsOnly(200);
    assertRateLimitHeaders(allowed[59], 60, 0, NEXT_MINUTE, "minute");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).contains("30");
    assertThat(refused.header("Content-Type")).contains("application/json");
    assertRateLimitHeaders(refused, 60, 0, NEXT_MINUTE, "minute");
    assertThat(refused.body())
        .isEqualTo(
            compactJson(
                """
                {"error": true, "code": "RATE_LIMIT_EXCEEDED", "message": "Rate limit exceeded",
                 "version": "2.0", "timestamp": "2026-01-15T10:00:30Z", "retryAfter": 30,
                 "rateLimitInfo": {"limit": 60, "remaining": 0, "reset": %d, "window": "minute"}}
                """
                    .formatted(NEXT_MINUTE)));
  }

  @Test
  void servesTheKeyAgainWhenTheNextMinuteBegins() {
    String key = startWithLimits(RateLimits.buena());
    getTimes(60, key);
    assertThat(api.get(ApiServer.LEADS, key).status()).isEqualTo(429);

    clock.advance(Duration.ofSeconds(30));
    ApiResponse response = api.get(ApiServer.LEADS, key);

    assertThat(response.status()).isEqualTo(200);
    assertRateLimitHeaders(response, 60, 59, NEXT_MINUTE + 60, "minute");
  }

  @Test
  void namesTheHourOnceItHasFewerRequestsLeftThanTheMinute() {
    String key = startWithLimits(RateLimits.of(5, 8, 100));
    getTimes(5, key);
    clock.advance(Duration.ofMinutes(1));

    ApiResponse sixth = api.get(ApiServer.LEADS, key);
    getTimes(2, key);
    ApiResponse ninth = api.get(ApiServer.LEADS, key);

    assertRateLimitHeaders(sixth, 8, 2, NEXT_HOUR, "hour");
    assertThat(ninth.status()).isEqualTo(429);
    assertThat(ninth.header("Retry-After")).contains("3510");
    assertRateLimitHeaders(ninth, 8, 0, NEXT_HOUR, "hour");
    assertThat(ninth.json().get("rateLimitInfo").toString())
        .isEqualTo(
            compactJson(
                """
                {"limit": 8, "remaining": 0, "reset": %d, "window": "hour"}
                """
                    .formatted(NEXT_HOUR)));
  }

  @Test
  void limitsEachKeyOnItsOwn() {
    String first = startWithLimits(RateLimits.buena());
    String second = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
    getTimes(60, first);

    assertThat(api.get(ApiServer.LEADS, first).status()).isEqualTo(429);
    ApiResponse other = api.get(ApiServer.LEADS, second);
    assertThat(other.status()).isEqualTo(200);
    assertRateLimitHeaders(other, 60, 59, NEXT_MINUTE, "minute");
  }

  @Test
  void countsEveryAnswerToAKnownKeyIncludingErrorsAndOtherRoutes() {
    String key = startWithLimits(RateLimits.buena());
    String lacking = api.keys.issue(WorkspaceLeads.ALPHA, "linkedin:read");

    ApiResponse invalid = api.get(ApiServer.LEADS + "?limit=0", key);
    ApiResponse missing = api.get("/api/v2/leads/lead_nobody", key);
    ApiResponse health = api.get(ApiServer.KEY_HEALTH, key);
    ApiResponse denied = api.get(ApiServer.LEADS, lacking);

    assertThat(invalid.status()).isEqualTo(400);
    assertRateLimitHeaders(invalid, 60, 59, NEXT_MINUTE, "minute");
    assertThat(missing.status()).isEqualTo(404);
    assertRateLimitHeaders(missing, 60, 58, NEXT_MINUTE, "minute");
    assertThat(health.status()).isEqualTo(200);
    assertRateLimitHeaders(health, 60, 57, NEXT_MINUTE, "minute");
    assertThat(denied.status()).isEqualTo(403);
    assertRateLimitHeaders(denied, 60, 59, NEXT_MINUTE, "minute");
  }

  @Test
  void tellsAKnownKeyItsLimitsOnAnAnswerToAMethodOrRouteNoneServesWithoutCountingIt() {
    String key = startWithLimits(RateLimits.buena());

    ApiResponse notAllowed = api.send("PATCH", ApiServer.LEADS, key);
    ApiResponse noRoute = api.get("/api/v2/nothing-here", key);

    assertThat(notAllowed.status()).isEqualTo(405);
    assertRateLimitHeaders(notAllowed, 60, 60, NEXT_MINUTE, "minute");
    assertThat(noRoute.status()).isEqualTo(404);
    assertRateLimitHeaders(noRoute, 60, 60, NEXT_MINUTE, "minute");
  }

  @Test
  void sendsNoRateLimitHeadersWithoutAValidKey() {
    startWithLimits(RateLimits.buena());

    ApiResponse response = api.get(ApiServer.LEADS, "bna_" + "0".repeat(64));

    assertThat(response.status()).isEqualTo(401);
    assertNoRateLimitHeaders(response);
  }

  @Test
  void limitsNothingAndSendsNoHeadersByDefault() {
    api = new RunningApi();
    String key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");

    ApiResponse[] responses = getTimes(70, key);

    assertThat(responses).extracting(ApiResponse::status).containsOnly(200);
    assertNoRateLimitHeaders(responses[69]);
  }
}
