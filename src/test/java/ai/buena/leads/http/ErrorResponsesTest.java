package ai.buena.leads.http;

import static ai.buena.leads.http.ExpectedBodies.error;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.query.QueryTooExpensiveException;
import ai.buena.leads.query.UnavailableException;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ErrorResponsesTest {
  private RunningApi api;
  private String key;

  @BeforeEach
  void startServer() {
    api = new RunningApi();
    key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
  }

  @AfterEach
  void stopServer() {
    api.close();
  }

  private static void assertError(ApiResponse response, int status, String expectedBody) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.header("Content-Type")).contains("application/json");
    assertThat(response.bodyWithoutTimestamp()).isEqualTo(expectedBody);
  }

  @Test
  void answers404RouteNotFoundForAnUnknownPath() {
    assertError(api.get("/nope"), 404, error("NOT_FOUND", "Route not found"));
    assertError(api.get("/api/v2/contacts", key), 404, error("NOT_FOUND", "Route not found"));
  }

  @Test
  void answers401BeforeRouteNotFoundForAnUnknownApiPathWithoutALiveKey() {
    String unknownKey = "bna_" + "0".repeat(64);

    assertError(api.get("/api/v2/contacts"), 401, error("UNAUTHORIZED", "Missing API key"));
    assertError(api.get("/api/v2/contacts", unknownKey), 401, error("UNAUTHORIZED", "Invalid API key"));
    assertError(api.get("/api/v2"), 401, error("UNAUTHORIZED", "Missing API key"));
  }

  @Test
  void answers404ForAnUnknownPathOutsideTheApiWithoutAKey() {
    assertError(api.get("/api/v2x/contacts"), 404, error("NOT_FOUND", "Route not found"));
  }

  @Test
  void answers401BeforeMethodNotAllowedForAnotherMethodOnAnApiRouteWithoutALiveKey() {
    assertError(api.send("PATCH", "/api/v2/leads", null), 401, error("UNAUTHORIZED", "Missing API key"));
    assertError(
        api.send("PATCH", "/api/v2/leads/lead_abc123", "bna_" + "1".repeat(64)),
        401,
        error("UNAUTHORIZED", "Invalid API key"));
  }

  @Test
  void answers405WithAnAllowHeaderForAnotherMethodOnAKnownRoute() {
    // POST, PUT and DELETE are write routes (served when the server has an event log)
    ApiResponse post = api.send("PATCH", "/api/v2/leads", key);
    ApiResponse delete = api.send("PATCH", "/api/v2/leads/lead_abc123", key);

    assertError(post, 405, error("METHOD_NOT_ALLOWED", "Method not allowed"));
    assertError(delete, 405, error("METHOD_NOT_ALLOWED", "Method not allowed"));
    assertThat(post.header("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
    assertThat(delete.header("Allow"))
        .hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
  }

  @Test
  void answers503WithRetryAfterInWholeSecondsWhenTheDataIsUnavailable() {
    api.queries.failWith(
        new UnavailableException("partition 3 restoring on node-2", Duration.ofMillis(2500)));

    ApiResponse response = api.get("/api/v2/leads", key);

    assertThat(response.header("Retry-After")).contains("3");
    assertError(
        response,
        503,
        ApiResponse.compactJson(
            """
            {"error": true, "code": "UNAVAILABLE",
             "message":
               "Lead data is temporarily unavailable, please retry after the Retry-After delay",
             "version": "2.0", "timestamp": "<timestamp>", "retryAfter": 3}
            """));
    assertThat(response.body()).doesNotContain("partition").doesNotContain("node-2");
  }

  @Test
  void answers503QueryTooExpensiveWithALongRetryAfterWhenAQueryExceedsItsWorkBudget() {
    api.queries.failWith(new QueryTooExpensiveException("the query needs more than 500000 units of work"));

    ApiResponse response = api.get("/api/v2/leads?search=a%20e%20i", key);

    assertThat(response.header("Retry-After")).contains("5");
    assertError(
        response,
        503,
        ApiResponse.compactJson(
            """
            {"error": true, "code": "QUERY_TOO_EXPENSIVE",
             "message": "The query needs more work than one request may use; narrow it (fewer or\
             longer search terms, more filters) or page with the cursor instead of a deep page",
             "version": "2.0", "timestamp": "<timestamp>", "retryAfter": 5}
            """));
    assertThat(response.body()).doesNotContain("units");
  }

  @Test
  void answers503ForOneLeadTooWhenTheDataIsUnavailable() {
    api.queries.failWith(new UnavailableException("rebalancing", Duration.ofSeconds(1)));

    ApiResponse response = api.get("/api/v2/leads/lead_abc123", key);

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.header("Retry-After")).contains("1");
  }

  @Test
  void answers500WithoutInternalsForAnythingUnexpected() {
    api.queries.failWith(new IllegalStateException("store /var/lib/leads corrupted at offset 42"));

    ApiResponse response = api.get("/api/v2/leads", key);

    assertError(response, 500, error("INTERNAL_ERROR", "Internal server error"));
    assertThat(response.body())
        .doesNotContain("IllegalStateException")
        .doesNotContain("corrupted")
        .doesNotContain("\tat ");
  }

  @Test
  void logsAnUnexpectedErrorOnceWithItsStackTrace() {
    IllegalStateException failure = new IllegalStateException("store corrupted");
    api.queries.failWith(failure);
    Logger logger = (Logger) LoggerFactory.getLogger(ErrorResponses.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      api.get("/api/v2/leads", key);
    } finally {
      logger.detachAppender(logged);
    }

    assertThat(logged.list).hasSize(1);
    ILoggingEvent event = logged.list.get(0);
    assertThat(event.getFormattedMessage())
        .isEqualTo("unexpected java.lang.IllegalStateException on GET /api/v2/leads");
    assertThat(event.getThrowableProxy()).isNotNull();
    assertThat(event.getThrowableProxy().getMessage()).isEqualTo("store corrupted");
    assertThat(event.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
  }

  @Test
  void logsAnUnavailableAnswerWithoutAStackTrace() {
    api.queries.failWith(new UnavailableException("rebalancing", Duration.ofSeconds(1)));
    Logger logger = (Logger) LoggerFactory.getLogger(ErrorResponses.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    try {
      api.get("/api/v2/leads", key);
    } finally {
      logger.detachAppender(logged);
    }

    assertThat(logged.list).singleElement().satisfies(event -> {
      assertThat(event.getFormattedMessage()).contains("rebalancing");
      assertThat(event.getThrowableProxy()).isNull();
    });
  }

  @Test
  void answersAMalformedEscapeInThePathInTheErrorShapeNotJettysHtml() {
    assertError(
        api.rawGet("/api/v2/leads/%zz", key), 400, error("BAD_REQUEST", "Bad Request"));
  }

  @Test
  void answersANulCharacterInThePathInTheErrorShape() {
    assertError(
        api.rawGet("/api/v2/leads/lead%00", key), 400, error("BAD_REQUEST", "Bad Request"));
  }

  @Test
  void answersAQueryStringTooLongForTheServerWith414InTheErrorShape() {
    ApiResponse response = api.rawGet("/api/v2/leads?search=" + "a".repeat(20_000), key);

    assertError(response, 414, error("URI_TOO_LONG", "URI Too Long"));
  }

  @Test
  void answersHeadersTooLargeForTheServerWith431InTheErrorShape() {
    ApiResponse response = api.get("/api/v2/leads", "bna_" + "a".repeat(20_000));

    assertError(
        response,
        431,
        error("REQUEST_HEADER_FIELDS_TOO_LARGE", "Request Header Fields Too Large"));
  }

  @Test
  void acceptsTheLongestQueryTheContractAllowsEncodedAsFourByteCharacters() {
    String twoHundredEmoji = "%F0%9F%98%80".repeat(200);

    ApiResponse response =
        api.get(
            "/api/v2/leads?search="
                + twoHundredEmoji
                + "&company="
                + twoHundredEmoji
                + "&title="
                + twoHundredEmoji,
            key);

    assertThat(response.status()).isEqualTo(200);
  }
}
