package ai.buena.leads.http;

import static ai.buena.leads.http.ApiResponse.compactJson;
import static ai.buena.leads.http.ExpectedBodies.error;
import static ai.buena.leads.http.ExpectedBodies.validationError;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AuthenticationTest {
  private static final String LEADS = "/api/v2/leads";

  private static RunningApi api;

  @BeforeAll
  static void startServer() {
    api = new RunningApi();
  }

  @AfterAll
  static void stopServer() {
    api.close();
  }

  private static void assertUnauthorized(ApiResponse response, String message) {
    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("Content-Type")).contains("application/json");
    assertThat(response.bodyWithoutTimestamp()).isEqualTo(error("UNAUTHORIZED", message));
  }

  @Test
  void shouldLookTheKeyUpOnceForAnAnsweredRequest() {
    String key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");

    ApiResponse response = api.get(LEADS + "?limit=1", key);

    assertThat(response.status()).isEqualTo(200);
    assertThat(api.keys.lookupsOf(key)).isEqualTo(1);
  }

  @Test
  void shouldLookAKeyWithoutThePermissionUpOnceForItsDenial() {
    String key = api.keys.issue(WorkspaceLeads.ALPHA, "linkedin:read");

    ApiResponse response = api.get(LEADS, key);

    assertThat(response.status()).isEqualTo(403);
    assertThat(api.keys.lookupsOf(key)).isEqualTo(1);
  }

  @Test
  void answers401MissingApiKeyWithoutTheHeader() {
    assertUnauthorized(api.get(LEADS), "Missing API key");
  }

  @Test
  void answers401MissingApiKeyForAnEmptyHeader() {
    assertUnauthorized(api.get(LEADS, ""), "Missing API key");
  }

  @Test
  void answers401InvalidApiKeyForAWellFormedKeyNobodyIssued() {
    assertUnauthorized(api.get(LEADS, "bna_" + "0".repeat(64)), "Invalid API key");
  }

  @Test
  void answers401InvalidApiKeyForAMalformedKey() {
    String upperCaseHex = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read").toUpperCase();

    assertUnauthorized(api.get(LEADS, "not-a-key"), "Invalid API key");
    assertUnauthorized(api.get(LEADS, upperCaseHex), "Invalid API key");
  }

  @Test
  void answers401InvalidApiKeyForTwoKeyHeadersEvenWhenOneIsValid() {
    String key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");

    for (String other : List.of(key, "bna_" + "0".repeat(64), "")) {
      ApiResponse response =
          RawHttp.exchange(
                  api.port(),
                  RawRequest.get(
                          LEADS,
                          List.of(Map.entry("x-api-key", key), Map.entry("X-Api-Key", other)))
                      .bytes())
              .orElseThrow();

      assertUnauthorized(response, "Invalid API key");
    }
  }

  @Test
  void answers401InvalidApiKeyForARevokedKey() {
    String revoked = api.keys.issueRevoked(WorkspaceLeads.ALPHA, "leads:read");

    assertUnauthorized(api.get(LEADS, revoked), "Invalid API key");
  }

  @Test
  void answers403WithPermissionHelpListingTheKeysPermissionsSorted() {
    String key = api.keys.issue(WorkspaceLeads.ALPHA, "linkedin:read", "leads:write");

    ApiResponse response = api.get(LEADS, key);

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.bodyWithoutTimestamp())
        .isEqualTo(
            compactJson(
                """
                {"error": true, "code": "PERMISSION_DENIED",
                 "message": "Insufficient permissions for reading leads",
                 "version": "2.0", "timestamp": "<timestamp>",
                 "permissionHelp": {"required": "leads:read",
                                    "available": ["leads:write", "linkedin:read"],
                                    "documentation": "https://docs.buena.ai/authentication"}}
                """));
  }

  @Test
  void answers403ForOneLeadTooWhenTheKeyLacksLeadsRead() {
    String key = api.keys.issue(WorkspaceLeads.ALPHA, "linkedin:read");

    ApiResponse response = api.get("/api/v2/leads/lead_abc123", key);

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().get("code").asText()).isEqualTo("PERMISSION_DENIED");
  }

  @Test
  void checksTheKeyBeforeTheParameters() {
    assertUnauthorized(api.get(LEADS + "?limit=0"), "Missing API key");
  }

  @Test
  void checksThePermissionBeforeTheParameters() {
    String key = api.keys.issue(WorkspaceLeads.ALPHA, "linkedin:read");

    assertThat(api.get(LEADS + "?limit=0", key).status()).isEqualTo(403);
  }

  @Test
  void checksTheParametersOnceTheKeyMayReadLeads() {
    String key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");

    ApiResponse response = api.get(LEADS + "?limit=0", key);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyWithoutTimestamp())
        .isEqualTo(validationError("limit", "Must be between 1 and 100"));
  }

  @Test
  void letsAKeyWithTheWildcardPermissionReadLeads() {
    String key = api.keys.issue(WorkspaceLeads.ALPHA, "*");

    ApiResponse response = api.get(LEADS, key);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().at("/data/pagination/total").asInt()).isEqualTo(5);
  }

  @Test
  void showsOnlyTheLeadsOfTheKeysWorkspace() {
    String betaKey = api.keys.issue(WorkspaceLeads.BETA, "leads:read");

    ApiResponse response = api.get(LEADS + "?search=john", betaKey);

    assertThat(response.json().at("/data/leads").size()).isEqualTo(1);
    assertThat(response.json().at("/data/leads/0/id").asText()).isEqualTo("lead_beta01");
  }

  @Test
  void answersALeadOfAnotherWorkspaceExactlyAsALeadThatDoesNotExist() {
    String alphaKey = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");

    ApiResponse othersLead = api.get("/api/v2/leads/lead_beta01", alphaKey);
    ApiResponse missingLead = api.get("/api/v2/leads/lead_nobody", alphaKey);

    assertThat(othersLead.status()).isEqualTo(404).isEqualTo(missingLead.status());
    assertThat(othersLead.bodyWithoutTimestamp())
        .isEqualTo(missingLead.bodyWithoutTimestamp())
        .isEqualTo(error("NOT_FOUND", "Lead not found"));
    assertThat(othersLead.headers().keySet()).isEqualTo(missingLead.headers().keySet());
  }

  @Test
  void showsAnyValidKeyItsWorkspaceAndSortedPermissions() {
    String key = api.keys.issue(WorkspaceLeads.BETA, "linkedin:read", "leads:write", "*");

    ApiResponse response = api.get("/api/v2/health", key);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).contains("application/json");
    assertThat(response.body())
        .isEqualTo(
            compactJson(
                """
                {"success": true, "data": {"status": "ok", "workspaceId": "ws_beta",
                 "permissions": ["*", "leads:write", "linkedin:read"]}}
                """));
  }

  @Test
  void asksTheHealthRouteForAValidKeyToo() {
    assertUnauthorized(api.get("/api/v2/health"), "Missing API key");
    assertUnauthorized(api.get("/api/v2/health", "bna_" + "f".repeat(64)), "Invalid API key");
  }

  @Test
  void asksHeadRequestsForTheSameKeyAndPermission() {
    String lacking = api.keys.issue(WorkspaceLeads.ALPHA, "linkedin:read");
    String reader = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");

    assertThat(api.send("HEAD", LEADS, null).status()).isEqualTo(401);
    assertThat(api.send("HEAD", LEADS, lacking).status()).isEqualTo(403);
    assertThat(api.send("HEAD", LEADS, reader).status()).isEqualTo(200);
  }

  @Test
  void neverWritesAPresentedKeyToTheLog() {
    Logger appLogger = (Logger) LoggerFactory.getLogger("ai.buena.leads");
    Level before = appLogger.getLevel();
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    appLogger.addAppender(logged);
    appLogger.setLevel(Level.TRACE);
    try {
      String lacking = api.keys.issue(WorkspaceLeads.ALPHA, "linkedin:read");
      String revoked = api.keys.issueRevoked(WorkspaceLeads.ALPHA, "leads:read");
      api.get(LEADS, lacking);
      api.get(LEADS, revoked);
      api.get(LEADS, "bna_" + "0".repeat(64));

      assertThat(logged.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .noneMatch(line -> line.contains(lacking) || line.contains(revoked))
          .noneMatch(line -> line.contains("bna_"));
    } finally {
      appLogger.detachAppender(logged);
      appLogger.setLevel(before);
    }
  }
}
