package ai.buena.leads.http;

import static ai.buena.leads.http.ApiResponse.compactJson;
import static ai.buena.leads.http.ExpectedBodies.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GetLeadRouteTest {
  private static RunningApi api;
  private static String key;

  @BeforeAll
  static void startServer() {
    api = new RunningApi();
    key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
  }

  @AfterAll
  static void stopServer() {
    api.close();
  }

  @Test
  void answersOneLeadOfTheKeysWorkspaceWithEveryFieldInTheContractsOrder() {
    ApiResponse response = api.get("/api/v2/leads/lead_def456", key);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).contains("application/json");
    assertThat(response.body())
        .isEqualTo(
            compactJson(
                """
                {"success": true, "data": {"lead":
                  {"id": "lead_def456", "firstName": "Jane", "lastName": "Smith",
                   "email": "jane@startup.io", "linkedinUrl": "https://linkedin.com/in/janesmith",
                   "company": "Startup Inc", "title": "CTO", "phone": null,
                   "location": "New York, NY", "status": "new", "source": "website", "notes": null,
                   "tags": ["startup", "technical"],
                   "customFields": {"industry": "FinTech", "employeeCount": "10-50"},
                   "createdAt": "2024-01-20T08:45:00Z", "updatedAt": "2024-01-20T08:45:00Z",
                   "lastContactedAt": null}}}
                """));
  }

  @Test
  void answers404LeadNotFoundForAnUnknownId() {
    ApiResponse response = api.get("/api/v2/leads/lead_unknown", key);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.bodyWithoutTimestamp()).isEqualTo(error("NOT_FOUND", "Lead not found"));
  }

  @Test
  void takesAnEncodedSlashAsPartOfTheId() {
    ApiResponse response = api.get("/api/v2/leads/lead_abc123%2Fx", key);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.bodyWithoutTimestamp()).isEqualTo(error("NOT_FOUND", "Lead not found"));
  }

  @Test
  void answers400ForAPathWithALegacyPercentUEscape() {
    RawRequest request =
        RawRequest.get(
            "/api/v2/leads/%u002e", List.of(Map.entry("x-api-key", key)));
    ApiResponse response = RawHttp.exchange(api.port(), request.bytes()).orElseThrow();

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).contains("\"code\":\"BAD_REQUEST\"");
  }
}
