package ai.buena.leads.http;

import static ai.buena.leads.http.ApiResponse.compactJson;
import static ai.buena.leads.http.ExpectedBodies.error;
import static ai.buena.leads.http.ExpectedBodies.validationError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ListLeadsRouteTest {
  private static final String PAGE = "Must be an integer of at least 1";
  private static final String LIMIT = "Must be between 1 and 100";
  private static final String STATUS = "Must be one of: new, contacted, replied, converted, cold";
  private static final String SOURCE = "Must be one of: linkedin, website, referral, import, api";
  private static final String SEARCH = "Must be between 2 and 200 characters";
  private static final String TEXT = "Must be between 1 and 200 characters";
  private static final String DATE = "Must be an ISO 8601 date or date-time";
  private static final String SORT_BY =
      "Must be one of: createdAt, updatedAt, firstName, lastName, company, lastContactedAt";
  private static final String SORT_ORDER = "Must be one of: asc, desc";

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

  private static ApiResponse list(String query) {
    return api.get("/api/v2/leads" + query, key);
  }

  private static List<String> ids(String query) {
    ApiResponse response = list(query);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    List<String> ids = new ArrayList<>();
    response.json().at("/data/leads").forEach(lead -> ids.add(lead.get("id").asText()));
    return ids;
  }

  private static void assertInvalid(String query, String expectedBody) {
    assertInvalid(list(query), expectedBody);
  }

  private static void assertInvalid(ApiResponse response, String expectedBody) {
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.header("Content-Type")).contains("application/json");
    assertThat(response.bodyWithoutTimestamp()).isEqualTo(expectedBody);
  }

  @Test
  void answersTheNewestTenLeadsOfTheKeysOwnWorkspaceWithoutParameters() {
    ApiResponse response = list("");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).hasValue("application/json");
    assertThat(ids(""))
        .containsExactly("lead_jkl012", "lead_def456", "lead_abc123", "lead_mno345", "lead_ghi789");
    assertThat(response.json().at("/data/pagination").toString())
        .isEqualTo(
            compactJson(
                """
                {"page": 1, "limit": 10, "total": 5, "pages": 1,
                 "hasNextPage": false, "hasPrevPage": false, "nextCursor": null}
                """));
  }

  @Test
  void printsTheSeedPagesExampleLeadsExactlyAsThePageShowsThem() {
    ApiResponse response = list("?createdAfter=2024-01-14&createdBefore=2024-01-21");

    assertThat(response.body())
        .isEqualTo(
            compactJson(
                """
                {"success": true, "data": {"leads": [
                  {"id": "lead_def456", "firstName": "Jane", "lastName": "Smith",
                   "email": "jane@startup.io", "linkedinUrl": "https://linkedin.com/in/janesmith",
                   "company": "Startup Inc", "title": "CTO", "phone": null,
                   "location": "New York, NY", "status": "new", "source": "website", "notes": null,
                   "tags": ["startup", "technical"],
                   "customFields": {"industry": "FinTech", "employeeCount": "10-50"},
                   "createdAt": "2024-01-20T08:45:00Z", "updatedAt": "2024-01-20T08:45:00Z",
                   "lastContactedAt": null},
                  {"id": "lead_abc123", "firstName": "John", "lastName": "Doe",
                   "email": "john@techcorp.com", "linkedinUrl": "https://linkedin.com/in/johndoe",
                   "company": "Tech Corp", "title": "Senior Software Engineer",
                   "phone": "+1-555-123-4567", "location": "San Francisco, CA",
                   "status": "contacted", "source": "linkedin",
                   "notes": "Interested in AI solutions. Follow up next week.",
                   "tags": ["ai", "enterprise", "high-priority"],
                   "customFields": {"industry": "Technology", "employeeCount": "100-500",
                                    "budget": "$50k+"},
                   "createdAt": "2024-01-15T10:30:00Z", "updatedAt": "2024-01-18T14:22:00Z",
                   "lastContactedAt": "2024-01-16T09:15:00Z"}],
                 "pagination": {"page": 1, "limit": 10, "total": 2, "pages": 1,
                                "hasNextPage": false, "hasPrevPage": false, "nextCursor": null}}}
                """));
  }

  @Test
  void printsAbsentScalarsAsNullAbsentTagsAsEmptyArrayAndAbsentCustomFieldsAsEmptyObject() {
    ApiResponse response = list("?status=cold");

    assertThat(response.json().at("/data/leads/0").toString())
        .isEqualTo(
            compactJson(
                """
                {"id": "lead_ghi789", "firstName": "Max", "lastName": null, "email": null,
                 "linkedinUrl": null, "company": null, "title": null, "phone": null,
                 "location": null, "status": "cold", "source": "import", "notes": null,
                 "tags": [], "customFields": {},
                 "createdAt": "2024-01-10T00:00:00Z", "updatedAt": "2024-01-10T00:00:00Z",
                 "lastContactedAt": null}
                """));
  }

  @Test
  void printsCustomFieldNumbersAndBooleansAsJsonNumbersAndBooleans() {
    JsonNode customFields = list("?status=replied").json().at("/data/leads/0/customFields");

    assertThat(customFields.toString()).isEqualTo("{\"seats\":25,\"renewal\":true}");
  }

  @Test
  void neverPrintsTheWorkspaceOfALead() {
    assertThat(list("").body()).doesNotContain("workspaceId").doesNotContain(WorkspaceLeads.ALPHA);
  }

  @Test
  void cutsPagesOfLimitLeadsAndSaysWhetherOthersPagesExist() {
    ApiResponse response = list("?limit=2&page=2");

    assertThat(ids("?limit=2&page=2")).containsExactly("lead_abc123", "lead_mno345");
    com.fasterxml.jackson.databind.node.ObjectNode pagination =
        (com.fasterxml.jackson.databind.node.ObjectNode) response.json().at("/data/pagination");
    assertThat(pagination.remove("nextCursor").asText()).isNotBlank();
    assertThat(pagination.toString())
        .isEqualTo(
            compactJson(
                """
                {"page": 2, "limit": 2, "total": 5, "pages": 3,
                 "hasNextPage": true, "hasPrevPage": true}
                """));
  }

  @Test
  void answersAPagePastTheEndWithNoLeadsAndTheTruePagination() {
    ApiResponse response = list("?limit=2&page=4");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().at("/data").toString())
        .isEqualTo(
            compactJson(
                """
                {"leads": [], "pagination": {"page": 4, "limit": 2, "total": 5, "pages": 3,
                 "hasNextPage": false, "hasPrevPage": true, "nextCursor": null}}
                """));
  }

  @Test
  void answersAPageBeyondTheIntRangeAsAPagePastTheEndEchoingTheNumberAsked() {
    ApiResponse response = list("?limit=2&page=0099999999999999999999");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).contains("\"page\":99999999999999999999,");
    assertThat(response.json().at("/data").toString())
        .isEqualTo(
            compactJson(
                """
                {"leads": [], "pagination": {"page": 99999999999999999999, "limit": 2, "total": 5,
                 "pages": 3, "hasNextPage": false, "hasPrevPage": true, "nextCursor": null}}
                """));
  }

  @Test
  void answersNoPagesWhenNothingMatches() {
    ApiResponse response = list("?status=converted&source=linkedin");

    assertThat(response.json().at("/data").toString())
        .isEqualTo(
            compactJson(
                """
                {"leads": [], "pagination": {"page": 1, "limit": 10, "total": 0, "pages": 0,
                 "hasNextPage": false, "hasPrevPage": false, "nextCursor": null}}
                """));
  }

  @Test
  void rejectsAPageBelowOne() {
    assertInvalid("?page=0", validationError("page", PAGE));
  }

  @Test
  void rejectsALimitAboveOneHundred() {
    assertInvalid("?limit=101", validationError("limit", LIMIT));
  }

  @Test
  void filtersByExactStatus() {
    assertThat(ids("?status=contacted")).containsExactly("lead_abc123");
  }

  @Test
  void rejectsAStatusSpelledInAnotherCase() {
    assertInvalid("?status=Contacted", validationError("status", STATUS));
  }

  @Test
  void filtersByExactSource() {
    assertThat(ids("?source=referral")).containsExactly("lead_jkl012");
  }

  @Test
  void rejectsAnUnknownSource() {
    assertInvalid("?source=email", validationError("source", SOURCE));
  }

  @Test
  void searchesEveryTermOfASearchWithAPercentEncodedSpace() {
    assertThat(ids("?search=john%20software")).containsExactly("lead_abc123");
  }

  @Test
  void searchesEveryTermOfASearchWithAPlusForTheSpace() {
    assertThat(ids("?search=john+software")).containsExactly("lead_abc123");
  }

  @Test
  void searchesTheEmailToo() {
    assertThat(ids("?search=techcorp")).containsExactly("lead_abc123");
  }

  @Test
  void rejectsASearchShorterThanTwoCharactersAfterTrimming() {
    assertInvalid("?search=%20a%20", validationError("search", SEARCH));
  }

  @Test
  void filtersByCompanyEqualIgnoringCase() {
    assertThat(ids("?company=tech%20corp")).containsExactly("lead_abc123", "lead_mno345");
  }

  @Test
  void rejectsAnEmptyCompany() {
    assertInvalid("?company=", validationError("company", TEXT));
  }

  @Test
  void filtersByTitleContainingTheValueIgnoringCase() {
    assertThat(ids("?title=SOFTWARE")).containsExactly("lead_abc123", "lead_mno345");
  }

  @Test
  void rejectsATitleLongerThanTwoHundredCharacters() {
    assertInvalid("?title=" + "a".repeat(201), validationError("title", TEXT));
  }

  @Test
  void keepsLeadsCreatedStrictlyAfterCreatedAfter() {
    assertThat(ids("?createdAfter=2024-01-15T10:30:00Z"))
        .containsExactly("lead_jkl012", "lead_def456");
  }

  @Test
  void keepsLeadsCreatedStrictlyBeforeCreatedBefore() {
    assertThat(ids("?createdBefore=2024-01-15T10:30:00Z"))
        .containsExactly("lead_mno345", "lead_ghi789");
  }

  @Test
  void keepsOnlyContactedLeadsLastContactedAfterTheDate() {
    assertThat(ids("?lastContactedAfter=2024-01-01"))
        .containsExactly("lead_jkl012", "lead_abc123", "lead_mno345");
  }

  @Test
  void readsAnOffsetWhosePlusIsPercentEncoded() {
    assertThat(ids("?lastContactedBefore=2024-01-16T11:15:00%2B02:00"))
        .containsExactly("lead_mno345");
  }

  @Test
  void readsALiteralPlusInAnOffsetAsASpaceAndSoRejectsTheDate() {
    assertInvalid(
        "?lastContactedBefore=2024-01-16T11:15:00+02:00",
        validationError("lastContactedBefore", DATE));
  }

  @Test
  void rejectsADateThatIsNotIso8601() {
    assertInvalid("?createdAfter=yesterday", validationError("createdAfter", DATE));
  }

  @Test
  void sortsByTheGivenFieldAndOrder() {
    assertThat(ids("?sortBy=firstName&sortOrder=asc"))
        .containsExactly("lead_def456", "lead_abc123", "lead_jkl012", "lead_ghi789", "lead_mno345");
  }

  @Test
  void sortsNeverContactedLeadsLast() {
    assertThat(ids("?sortBy=lastContactedAt&sortOrder=asc"))
        .containsExactly("lead_mno345", "lead_abc123", "lead_jkl012", "lead_def456", "lead_ghi789");
  }

  @Test
  void rejectsAnUnknownSortField() {
    assertInvalid("?sortBy=email", validationError("sortBy", SORT_BY));
  }

  @Test
  void rejectsASortOrderInUpperCase() {
    assertInvalid("?sortOrder=ASC", validationError("sortOrder", SORT_ORDER));
  }

  @Test
  void rejectsAParameterGivenTwice() {
    assertInvalid("?limit=5&limit=5", validationError("limit", "Must be given once"));
  }

  @Test
  void rejectsAParameterWithoutAValue() {
    assertInvalid("?status", validationError("status", STATUS));
  }

  @Test
  void ignoresUnknownParameters() {
    assertThat(ids("?foo=bar&Limit=1")).hasSize(5);
  }

  @Test
  void namesEveryInvalidParameterAtOnceInTheContractsOrder() {
    assertInvalid(
        "?sortOrder=up&createdAfter=x&search=a&status=x&limit=0&page=0",
        validationError(
            "page", PAGE,
            "limit", LIMIT,
            "status", STATUS,
            "search", SEARCH,
            "createdAfter", DATE,
            "sortOrder", SORT_ORDER));
  }

  @Test
  void namesAParameterWithAMalformedPercentEscapeAsInvalid() {
    assertInvalid(
        api.rawGet("/api/v2/leads?search=%zz", key), validationError("search", SEARCH));
  }

  @Test
  void namesAParameterWhosePercentEscapesAreNotUtf8AsInvalidWithTheOthers() {
    assertInvalid(
        api.rawGet("/api/v2/leads?status=%C3%28&limit=0", key),
        validationError("limit", LIMIT, "status", STATUS));
  }

  @Test
  void ignoresAMalformedEscapeInAnUnknownParameterAsItIgnoresTheParameter() {
    ApiResponse response = api.rawGet("/api/v2/leads?utm_source=100%&x%zz=1", key);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(list("").body());
  }
}
