package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.EventParser;
import ai.buena.leads.events.LeadEvent;
import ai.buena.leads.events.ParseResult;
import ai.buena.leads.lead.Decision;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.lead.LeadTransitions;
import ai.buena.leads.testing.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeadWriteRoutesTest {
  private static final ObjectMapper JSON =
      new ObjectMapper();

  private static final String CREATE =
      "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\","
          + "\"company\":\"Engines\",\"tags\":[\"math\"],\"industry\":\"Computing\"}";

  private WritingApi api;
  private String writer;

  @BeforeEach
  void start() {
    api = new WritingApi();
    writer = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read", "leads:write");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private ApiResponse post(String body, String... headers) {
    return api.send("POST", "/api/v2/leads", writer, body, headers);
  }

  /** What the 400's {@code details.invalidParams} says of {@code name}; empty when nothing. */
  private static String problem(ApiResponse response, String name) {
    return response.json().at("/details/invalidParams/" + name).asText();
  }

  private ApiResponse updateJohn(String body) {
    return api.send("PUT", "/api/v2/leads/" + WorkspaceLeads.JOHN.id(), writer, body);
  }

  private LeadEvent producedEvent(int index) {
    RecordingEventLog.Produced produced = api.events.records.get(index);
    ParseResult parsed = new EventParser().parse(produced.value(), produced.key());
    assertThat(parsed).isInstanceOf(ParseResult.Valid.class);
    return ((ParseResult.Valid) parsed).event();
  }

  private static String leadJson(Lead lead) {
    return new String(LeadJson.toBytes(lead, false), StandardCharsets.UTF_8);
  }

  @Test
  void shouldAnswerACreateWith201LocationTokenAndTheLeadAsTheProjectionWillShowIt() {
    ApiResponse response = post(CREATE);

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    LeadEvent event = producedEvent(0);
    Lead projected = ((Decision.Upsert) LeadTransitions.decide(null, event)).lead();
    assertThat(response.json().get("success").asBoolean()).isTrue();
    assertThat(ApiResponse.compactJson(response.json().get("data").toString()))
        .isEqualTo(ApiResponse.compactJson(leadJson(projected)));
    assertThat(response.header("Location")).contains("/api/v2/leads/" + projected.id());
    assertThat(response.header("X-Consistency-Token")).isPresent();
    assertThat(projected.status().wire()).isEqualTo("new");
    assertThat(projected.source().wire()).isEqualTo("api");
    assertThat(projected.createdAt()).isEqualTo(projected.updatedAt()).isEqualTo(event.occurredAt());
  }

  @Test
  void shouldGiveANewLeadATimeOrderedIdOfLeadAnd26LowerCaseBase32Characters() {
    String first = post(CREATE).json().at("/data/id").asText();
    String second = post(CREATE).json().at("/data/id").asText();

    assertThat(first).matches("lead_[0-9a-hjkmnp-tv-z]{26}");
    assertThat(second).matches("lead_[0-9a-hjkmnp-tv-z]{26}").isNotEqualTo(first);
    assertThat(first.substring(5, 15)).isLessThanOrEqualTo(second.substring(5, 15));
  }

  @Test
  void shouldStoreIndustryAsACustomField() {
    JsonNode lead = post(CREATE).json().get("data");

    assertThat(lead.at("/customFields/industry").asText()).isEqualTo("Computing");
    assertThat(lead.has("industry")).isFalse();
  }

  @Test
  void shouldProduceTheEnvelopeKeyedByLeadIdWithSourceAndKeyIdHeadersButNeverTheKey() {
    String leadId = post(CREATE).json().at("/data/id").asText();

    RecordingEventLog.Produced produced = api.events.records.get(0);
    assertThat(produced.key()).isEqualTo(leadId);
    assertThat(produced.headers()).containsEntry("source", "api");
    assertThat(produced.headers().get("api-key-id")).startsWith("key_");
    assertThat(produced.headers().values()).doesNotContain(writer);
    assertThat(new String(produced.value(), StandardCharsets.UTF_8)).doesNotContain(writer);
    LeadEvent event = producedEvent(0);
    assertThat(event.type()).isEqualTo("LeadCreated");
    assertThat(event.workspaceId()).isEqualTo(WorkspaceLeads.ALPHA);
    assertThat(event.eventId()).matches("evt_[0-9a-hjkmnp-tv-z]{26}");
  }

  @Test
  void shouldNameEveryBrokenFieldOfACreateAtOnceAndProduceNothing() {
    ApiResponse response =
        post(
            "{\"firstName\":\" \",\"email\":\"not-an-address\",\"status\":\"new\","
                + "\"source\":\"fax\",\"tags\":\"one\",\"nickname\":\"x\"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("code").asText()).isEqualTo("VALIDATION_ERROR");
    JsonNode invalid = response.json().at("/details/invalidParams");
    assertThat(invalid.get("firstName").asText()).isEqualTo("Must not be blank");
    assertThat(invalid.get("lastName").asText()).isEqualTo("Is required");
    assertThat(invalid.get("email").asText()).isEqualTo("email is not an e-mail address");
    assertThat(invalid.get("status").asText()).isEqualTo("Unknown field");
    assertThat(invalid.get("nickname").asText()).isEqualTo("Unknown field");
    assertThat(invalid.get("source").asText())
        .isEqualTo("source must be one of: linkedin, website, referral, import, api");
    assertThat(invalid.get("tags").asText()).isEqualTo("tags must be an array of strings");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldNameAForgedConsistencyTokenOnAWriteWithTheBodysProblemsAndProduceNothing() {
    ApiResponse response =
        post("{\"firstName\":\"Ada\"}", "X-Consistency-Token", "Q0FGRUJBQkU");

    assertThat(response.status()).isEqualTo(400);
    JsonNode invalid = response.json().at("/details/invalidParams");
    assertThat(invalid.get("X-Consistency-Token").asText())
        .isEqualTo("Must be an X-Consistency-Token from a write answer of this service, given once");
    assertThat(invalid.get("lastName").asText()).isEqualTo("Is required");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldCallANameOfNoBreakAndZeroWidthSpacesBlank() {
    ApiResponse response =
        post(
            "{\"firstName\":\"\\u00a0\\u2007\",\"lastName\":\"\\u200b\\ufeff\",\"email\":\"a@b.co\"}");

    assertThat(response.status()).isEqualTo(400);
    JsonNode invalid = response.json().at("/details/invalidParams");
    assertThat(invalid.get("firstName").asText()).isEqualTo("Must not be blank");
    assertThat(invalid.get("lastName").asText()).isEqualTo("Must not be blank");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldAnswer415ToABodyThatIsNotDeclaredJson() {
    ApiResponse response = post(CREATE, "Content-Type", "text/plain");

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.json().get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    assertThat(response.json().get("error").asBoolean()).isTrue();
  }

  @Test
  void shouldAnswer415ToABodyDeclaredJsonAndSomethingElseAndProduceNothing() {
    ApiResponse response =
        post(CREATE, "Content-Type", "application/json", "Content-Type", "text/plain");

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.json().get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldAcceptJsonWithACharsetParameter() {
    assertThat(post(CREATE, "Content-Type", "application/json; charset=utf-8").status())
        .isEqualTo(201);
  }

  @Test
  void shouldAnswer415ToJsonDeclaredInACharsetOtherThanUtf8() {
    ApiResponse response = post(CREATE, "Content-Type", "application/json; charset=iso-8859-1");

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.json().get("code").asText()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldAnswer400ToABodyThatIsNotWellFormedUtf8() {
    // "x" C0 AF "x": an overlong '/', which a lenient decoder reads as "x/x"
    byte[] body =
        "{\"firstName\":\"x__x\",\"lastName\":\"B\",\"email\":\"a@b.co\"}"
            .getBytes(StandardCharsets.UTF_8);
    int at = new String(body, StandardCharsets.UTF_8).indexOf("__");
    body[at] = (byte) 0xC0;
    body[at + 1] = (byte) 0xAF;

    ApiResponse response = api.sendBytes("POST", "/api/v2/leads", writer, body);

    assertThat(response.status()).isEqualTo(400);
    assertThat(problem(response, "body")).isEqualTo("Must be one JSON object");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldAnswer400ToABodyInUtf16() {
    ApiResponse response =
        api.sendBytes("POST", "/api/v2/leads", writer, CREATE.getBytes(StandardCharsets.UTF_16LE));

    assertThat(response.status()).isEqualTo(400);
    assertThat(problem(response, "body")).isEqualTo("Must be one JSON object");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldSayThatAWriteAnswerVariesByAcceptEncoding() {
    assertThat(post(CREATE).header("Vary")).contains("Accept-Encoding");
  }

  @Test
  void shouldAnswer413ToABodyOver64KiB() {
    String notes = "n".repeat(70 * 1024);
    ApiResponse response =
        post("{\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\"a@b.co\",\"notes\":\"" + notes + "\"}");

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.json().get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldNameACustomNumberTooLongToStoreAndProduceNothing() {
    ApiResponse response =
        post(
            "{\"firstName\":\"Ann\",\"lastName\":\"Lee\",\"email\":\"ann@example.com\","
                + "\"customFields\":{\"k\":" + "9".repeat(998) + "e5}}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(problem(response, "customFields"))
        .isEqualTo("customFields.k is a number longer than 1000 characters");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldNameANumberOver1000CharactersWithEveryOtherProblemOfTheBody() {
    ApiResponse response =
        post(
            "{\"firstName\":\" \",\"lastName\":\"Lee\",\"email\":\"not-an-address\","
                + "\"customFields\":{\"k\":" + "9".repeat(60_000) + "}}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(problem(response, "customFields"))
        .isEqualTo("customFields.k is a number longer than 1000 characters");
    assertThat(problem(response, "firstName")).isEqualTo("Must not be blank");
    assertThat(response.json().at("/details/invalidParams/email").isTextual()).isTrue();
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldNameAFieldGivenTwiceBesideTheBodysOtherProblems() {
    ApiResponse response =
        post(
            "{\"firstName\":\"Ada\",\"lastName\":\"Lee\",\"email\":\"a@example.com\","
                + "\"email\":\"b@example.com\",\"phone\":5,"
                + "\"customFields\":{\"k\":1,\"k\":2}}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(problem(response, "email")).isEqualTo("Must be given once");
    assertThat(problem(response, "customFields")).isEqualTo("customFields.k must be given once");
    assertThat(response.json().at("/details/invalidParams/phone").isTextual()).isTrue();
    assertThat(response.json().at("/details/invalidParams/body").isMissingNode()).isTrue();
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldNameAnUpdatesFieldGivenTwiceAndTheRuleItsLastValueBreaks() {
    ApiResponse response = updateJohn("{\"status\":\"replied\",\"status\":\"qualified\"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(problem(response, "status"))
        .isEqualTo(
            "Must be given once; status must be one of: new, contacted, replied, converted, cold");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldNameTheFieldWhoseValueNestsTooDeep() {
    String deep = "[".repeat(500) + "]".repeat(500);
    ApiResponse known =
        post("{\"firstName\":\"Ada\",\"lastName\":\"L\",\"email\":\"a@x.io\","
            + "\"customFields\":{\"x\":" + deep + "}}");
    ApiResponse unknown =
        post("{\"firstName\":\"Ada\",\"lastName\":\"L\",\"email\":\"a@x.io\",\"extra\":" + deep + "}");

    assertThat(problem(known, "customFields")).isEqualTo("Must not nest more than 20 levels deep");
    assertThat(problem(unknown, "extra")).isEqualTo("Unknown field");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldAnswer400ToABodyThatIsNotOneJsonObject() {
    ApiResponse response = post("[1,2]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(problem(response, "body")).isEqualTo("Must be one JSON object");
  }

  @Test
  void shouldAnswer401ToAWriteWithoutKey() {
    ApiResponse response = api.send("POST", "/api/v2/leads", null, CREATE);

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.json().get("message").asText()).isEqualTo("Missing API key");
  }

  @Test
  void shouldAnswer403NamingLeadsWriteToAReadOnlyKey() {
    String reader = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");

    ApiResponse response = api.send("POST", "/api/v2/leads", reader, CREATE);

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json().get("code").asText()).isEqualTo("PERMISSION_DENIED");
    assertThat(response.json().at("/permissionHelp/required").asText()).isEqualTo("leads:write");
    assertThat(response.json().at("/permissionHelp/available/0").asText()).isEqualTo("leads:read");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldCountWritesAgainstTheSameRateLimitsAsReads() {
    try (WritingApi limited =
        new WritingApi(
            ServerOptions.defaults()
                .withRateLimits(RateLimits.of(2, 100, 1000))
                .withClock(new TestClock(Instant.parse("2025-01-01T10:00:30Z"))))) {
      String key = limited.keys.issue(WorkspaceLeads.ALPHA, "leads:read", "leads:write");

      ApiResponse read = limited.send("GET", "/api/v2/leads", key, null);
      ApiResponse write = limited.send("POST", "/api/v2/leads", key, CREATE);
      ApiResponse refused = limited.send("POST", "/api/v2/leads", key, CREATE);

      assertThat(read.status()).isEqualTo(200);
      assertThat(write.status()).isEqualTo(201);
      assertThat(write.header("X-RateLimit-Remaining")).contains("0");
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.json().get("code").asText()).isEqualTo("RATE_LIMIT_EXCEEDED");
      assertThat(limited.events.records).hasSize(1);
    }
  }

  @Test
  void shouldAnswerAnUpdateWithTheMergePatchAppliedByTheProjectionsTransition() {
    ApiResponse response =
        updateJohn("{\"company\":null,\"status\":\"replied\",\"customFields\":{\"budget\":null,\"seats\":12}}");

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    LeadEvent event = producedEvent(0);
    assertThat(event.type()).isEqualTo("LeadUpdated");
    Lead projected = ((Decision.Upsert) LeadTransitions.decide(WorkspaceLeads.JOHN, event)).lead();
    assertThat(ApiResponse.compactJson(response.json().get("data").toString()))
        .isEqualTo(ApiResponse.compactJson(leadJson(projected)));
    assertThat(projected.company()).isNull();
    assertThat(projected.customFields()).containsEntry("seats", 12L).doesNotContainKey("budget");
    assertThat(response.header("X-Consistency-Token")).isPresent();
  }

  @Test
  void shouldRefuseStatusesTheListCannotFilter() {
    ApiResponse response = updateJohn("{\"status\":\"qualified\"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(problem(response, "status"))
        .isEqualTo("status must be one of: new, contacted, replied, converted, cold");
  }

  @Test
  void shouldRefuseClearingARequiredFieldAndAnEmptyUpdate() {
    ApiResponse clearing = updateJohn("{\"email\":null}");
    ApiResponse empty = updateJohn("{}");

    assertThat(problem(clearing, "email")).isEqualTo("Cannot be cleared");
    assertThat(problem(empty, "body")).isEqualTo("Must contain at least one field");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldRefuseClearingTheStatusOrSourceEveryLeadHas() {
    ApiResponse response = updateJohn("{\"status\":null,\"source\":null}");

    assertThat(problem(response, "status")).isEqualTo("Cannot be cleared");
    assertThat(problem(response, "source")).isEqualTo("Cannot be cleared");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldAnswer404LeadNotFoundWithoutAnEventForAnUnknownOrAnotherWorkspacesLead() {
    ApiResponse unknown =
        api.send("PUT", "/api/v2/leads/lead_nobody", writer, "{\"notes\":\"x\"}");
    ApiResponse others =
        api.send("DELETE", "/api/v2/leads/" + WorkspaceLeads.OTHER_LEAD.id(), writer, null);

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("code").asText()).isEqualTo("LEAD_NOT_FOUND");
    assertThat(others.status()).isEqualTo(404);
    assertThat(others.json().get("code").asText()).isEqualTo("LEAD_NOT_FOUND");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldDeleteWithBuenasMessage() {
    ApiResponse response =
        api.send("DELETE", "/api/v2/leads/" + WorkspaceLeads.JANE.id(), writer, null);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo(
            "{\"success\":true,\"message\":\"Lead lead_def456 has been successfully deleted\"}");
    assertThat(producedEvent(0).type()).isEqualTo("LeadDeleted");
    assertThat(response.header("X-Consistency-Token")).isPresent();
  }

  @Test
  void shouldProduceADeleteWithEmptyDataAsTheEnvelopeShowsIt() throws Exception {
    api.send("DELETE", "/api/v2/leads/" + WorkspaceLeads.JANE.id(), writer, null);

    JsonNode produced = JSON.readTree(api.events.records.get(0).value());
    assertThat(produced.get("data")).isEqualTo(JSON.createObjectNode());
  }

  @Test
  void shouldProduceACreateWithoutTheNullsOfItsBody() throws Exception {
    post(
        "{\"firstName\":\"Ada\",\"lastName\":\"Lee\",\"email\":\"ada@example.com\",\"company\":null,"
            + "\"tags\":null,\"customFields\":{\"gone\":null,\"seats\":3}}");

    JsonNode data = JSON.readTree(api.events.records.get(0).value()).get("data");
    assertThat(data.has("company")).isFalse();
    assertThat(data.has("tags")).isFalse();
    assertThat(data.get("customFields")).isEqualTo(JSON.readTree("{\"seats\":3}"));
  }

  @Test
  void shouldAnswerARetriedCreateWithTheSameLeadAndProduceOnce() {
    ApiResponse first = post(CREATE, "Idempotency-Key", "order-42");
    ApiResponse retried = post(CREATE, "Idempotency-Key", "order-42");

    assertThat(retried.status()).isEqualTo(201);
    assertThat(retried.body()).isEqualTo(first.body());
    assertThat(retried.header("Location")).isEqualTo(first.header("Location"));
    assertThat(retried.header("X-Consistency-Token")).isEqualTo(first.header("X-Consistency-Token"));
    assertThat(api.events.records).hasSize(1);
  }

  @Test
  void shouldAnswerACreateRetriedWithATrailingSlashWithTheSameLeadAndProduceOnce() {
    ApiResponse first = post(CREATE, "Idempotency-Key", "order-45");
    ApiResponse retried =
        api.send("POST", "/api/v2/leads/", writer, CREATE, "Idempotency-Key", "order-45");

    assertThat(retried.status()).isEqualTo(201);
    assertThat(retried.body()).isEqualTo(first.body());
    assertThat(api.events.records).hasSize(1);
  }

  @Test
  void shouldApplyAnUpdateRetriedWithAnEncodedIdOrATrailingSlashOnce() {
    String path = "/api/v2/leads/" + WorkspaceLeads.JOHN.id();
    String encoded = "/api/v2/leads/" + WorkspaceLeads.JOHN.id().replace("_", "%5F");
    String body = "{\"status\":\"replied\"}";

    ApiResponse first = api.send("PUT", path, writer, body, "Idempotency-Key", "fix-7");
    ApiResponse slash = api.send("PUT", path + "/", writer, body, "Idempotency-Key", "fix-7");
    ApiResponse escaped = api.send("PUT", encoded, writer, body, "Idempotency-Key", "fix-7");

    assertThat(List.of(first.status(), slash.status(), escaped.status())).containsOnly(200);
    assertThat(slash.body()).isEqualTo(first.body());
    assertThat(escaped.body()).isEqualTo(first.body());
    assertThat(api.events.records).hasSize(1);
  }

  @Test
  void shouldDeriveTheLeadAndEventIdFromTheIdempotencyKeyOnEveryInstance() {
    String leadId = post(CREATE, "Idempotency-Key", "order-43").json().at("/data/id").asText();
    String eventId = producedEvent(0).eventId();
    try (WritingApi other = new WritingApi()) {
      String otherKey = other.keys.issue(WorkspaceLeads.ALPHA, "leads:write");
      ApiResponse elsewhere =
          other.send("POST", "/api/v2/leads", otherKey, CREATE, "Idempotency-Key", "order-43");

      assertThat(elsewhere.json().at("/data/id").asText()).isEqualTo(leadId);
      RecordingEventLog.Produced produced = other.events.records.get(0);
      assertThat(new EventParser().parse(produced.value(), produced.key()))
          .extracting(p -> ((ParseResult.Valid) p).event().eventId())
          .isEqualTo(eventId);
    }
  }

  @Test
  void shouldAnswer409ToTheSameIdempotencyKeyWithAnotherBody() {
    post(CREATE, "Idempotency-Key", "order-44");

    ApiResponse reused =
        post(CREATE.replace("Ada", "Grace"), "Idempotency-Key", "order-44");

    assertThat(reused.status()).isEqualTo(409);
    assertThat(reused.json().get("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    assertThat(api.events.records).hasSize(1);
  }

  @Test
  void shouldTreatTheSameBodyWithOtherSpacingAndKeyOrderAsTheSameRequest() {
    post(CREATE, "Idempotency-Key", "order-45");

    ApiResponse reordered =
        post(
            "{ \"industry\":\"Computing\", \"tags\":[\"math\"], \"company\":\"Engines\","
                + " \"email\":\"ada@example.com\", \"lastName\":\"Lovelace\", \"firstName\":\"Ada\" }",
            "Idempotency-Key",
            "order-45");

    assertThat(reordered.status()).isEqualTo(201);
    assertThat(api.events.records).hasSize(1);
  }

  @Test
  void shouldNameAnIdempotencyKeyOver100CharactersWithTheBodysProblems() {
    ApiResponse response =
        post("{\"firstName\":\"Ada\"}", "Idempotency-Key", "k".repeat(101));

    assertThat(response.status()).isEqualTo(400);
    JsonNode invalid = response.json().at("/details/invalidParams");
    assertThat(invalid.get("Idempotency-Key").asText())
        .isEqualTo("Must be 1 to 100 printable ASCII characters");
    assertThat(invalid.has("lastName")).isTrue();
  }

  @Test
  void shouldSayAnIdempotencyKeySentTwiceMustBeGivenOnce() {
    ApiResponse response = post(CREATE, "Idempotency-Key", "order-1", "Idempotency-Key", "order-1");

    assertThat(response.status()).isEqualTo(400);
    assertThat(problem(response, "Idempotency-Key")).isEqualTo("Must be given once");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldTellAWriteWithoutIdempotencyKeyThatKafkaDidNotAcknowledgeThatARetryMayApplyItTwice() {
    api.events.stopAcknowledging();

    ApiResponse response = post(CREATE);

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.json().get("message").asText())
        .startsWith("The write was not acknowledged in time")
        .contains("carried no Idempotency-Key")
        .doesNotContain("retry with the same Idempotency-Key");
  }

  @Test
  void shouldAnswer503WithRetryAfterAndSayTheWriteMayHaveHappenedWhenKafkaDoesNotAcknowledge() {
    api.events.stopAcknowledging();

    ApiResponse response = post(CREATE, "Idempotency-Key", "order-46");

    assertThat(response.status()).isEqualTo(503);
    assertThat(response.header("Retry-After")).contains("1");
    assertThat(response.json().get("code").asText()).isEqualTo("UNAVAILABLE");
    assertThat(response.json().get("message").asText())
        .startsWith("The write was not acknowledged in time")
        .contains("may or may not have been applied")
        .contains("same Idempotency-Key");
  }
}
