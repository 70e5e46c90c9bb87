package ai.buena.leads.lead;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeadJsonTest {
  /** The first lead of the seed page's example, as the API prints it (compact). */
  private static final String JOHN_JSON = """
      {"id":"lead_abc123",\
      "firstName":"John",\
      "lastName":"Doe",\
      "email":"john@techcorp.com",\
      "linkedinUrl":"https://linkedin.com/in/johndoe",\
      "company":"Tech Corp",\
      "title":"Senior Software Engineer",\
      "phone":"+1-555-123-4567",\
      "location":"San Francisco, CA",\
      "status":"contacted",\
      "source":"linkedin",\
      "notes":"Interested in AI solutions. Follow up next week.",\
      "tags":["ai","enterprise","high-priority"],\
      "customFields":{"industry":"Technology","employeeCount":"100-500","budget":"$50k+"},\
      "createdAt":"2024-01-15T10:30:00Z",\
      "updatedAt":"2024-01-18T14:22:00Z",\
      "lastContactedAt":"2024-01-16T09:15:00Z"}""";

  /** The second lead of the seed page's example: nulls are written, never omitted. */
  private static final String JANE_JSON = """
      {"id":"lead_def456",\
      "firstName":"Jane",\
      "lastName":"Smith",\
      "email":"jane@startup.io",\
      "linkedinUrl":"https://linkedin.com/in/janesmith",\
      "company":"Startup Inc",\
      "title":"CTO",\
      "phone":null,\
      "location":"New York, NY",\
      "status":"new",\
      "source":"website",\
      "notes":null,\
      "tags":["startup","technical"],\
      "customFields":{"industry":"FinTech","employeeCount":"10-50"},\
      "createdAt":"2024-01-20T08:45:00Z",\
      "updatedAt":"2024-01-20T08:45:00Z",\
      "lastContactedAt":null}""";

  /** The first lead exactly as the seed page prints it, whitespace and all. */
  private static final String JOHN_AS_ON_SEED_PAGE = """
      {
      "id": "lead_abc123",
      "firstName": "John",
      "lastName": "Doe",
      "email": "john@techcorp.com",
      "linkedinUrl": "https://linkedin.com/in/johndoe",
      "company": "Tech Corp",
      "title": "Senior Software Engineer",
      "phone": "+1-555-123-4567",
      "location": "San Francisco, CA",
      "status": "contacted",
      "source": "linkedin",
      "notes": "Interested in AI solutions. Follow up next week.",
      "tags": ["ai", "enterprise", "high-priority"],
      "customFields": {
      "industry": "Technology",
      "employeeCount": "100-500",
      "budget": "$50k+"
      },
      "createdAt": "2024-01-15T10:30:00Z",
      "updatedAt": "2024-01-18T14:22:00Z",
      "lastContactedAt": "2024-01-16T09:15:00Z"
      }
      """;

  private static final Lead JOHN = new Lead(
      "lead_abc123", "ws_acme", "John", "Doe", "john@techcorp.com", "https://linkedin.com/in/johndoe",
      "Tech Corp", "Senior Software Engineer", "+1-555-123-4567", "San Francisco, CA",
      LeadStatus.CONTACTED, LeadSource.LINKEDIN, "Interested in AI solutions. Follow up next week.",
      List.of("ai", "enterprise", "high-priority"),
      ordered("industry", "Technology", "employeeCount", "100-500", "budget", "$50k+"),
      Instant.parse("2024-01-15T10:30:00Z"), Instant.parse("2024-01-18T14:22:00Z"),
      Instant.parse("2024-01-16T09:15:00Z"));

  private static final Lead JANE = new Lead(
      "lead_def456", "ws_acme", "Jane", "Smith", "jane@startup.io", "https://linkedin.com/in/janesmith",
      "Startup Inc", "CTO", null, "New York, NY", LeadStatus.NEW, LeadSource.WEBSITE, null,
      List.of("startup", "technical"), ordered("industry", "FinTech", "employeeCount", "10-50"),
      Instant.parse("2024-01-20T08:45:00Z"), Instant.parse("2024-01-20T08:45:00Z"), null);

  private static final Lead BARE = new Lead(
      "lead_bare", "ws_acme", null, null, null, null, null, null, null, null,
      LeadStatus.NEW, LeadSource.API, null, List.of(), Map.of(),
      Instant.parse("2024-02-01T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z"), null);

  // --- writing ---

  @Test
  void shouldWriteFirstSeedLeadExactlyAsTheApiPrintsIt() {
    assertThat(text(LeadJson.toBytes(JOHN, false))).isEqualTo(JOHN_JSON);
  }

  @Test
  void shouldWriteSecondSeedLeadWithItsNullsExactlyAsTheApiPrintsIt() {
    assertThat(text(LeadJson.toBytes(JANE, false))).isEqualTo(JANE_JSON);
  }

  @Test
  void shouldAppendWorkspaceIdAfterLastContactedAtWhenAsked() {
    String expected = JANE_JSON.substring(0, JANE_JSON.length() - 1) + ",\"workspaceId\":\"ws_acme\"}";

    assertThat(text(LeadJson.toBytes(JANE, true))).isEqualTo(expected);
  }

  @Test
  void shouldWriteAbsentFieldsAsNullEmptyArrayAndEmptyObject() {
    assertThat(text(LeadJson.toBytes(BARE, false))).isEqualTo("""
        {"id":"lead_bare","firstName":null,"lastName":null,"email":null,"linkedinUrl":null,\
        "company":null,"title":null,"phone":null,"location":null,"status":"new","source":"api",\
        "notes":null,"tags":[],"customFields":{},"createdAt":"2024-02-01T00:00:00Z",\
        "updatedAt":"2024-02-01T00:00:00Z","lastContactedAt":null}""");
  }

  @Test
  void shouldWriteInstantsAsInstantToStringPrintsThem() {
    Lead lead = withTimes(
        Instant.parse("2024-01-15T10:30:00.5Z"), Instant.parse("2024-01-15T10:30:00.123456789Z"),
        Instant.parse("2024-01-16T09:15:00.120Z"));

    assertThat(text(LeadJson.toBytes(lead, false))).endsWith(
        "\"createdAt\":\"2024-01-15T10:30:00.500Z\","
            + "\"updatedAt\":\"2024-01-15T10:30:00.123456789Z\","
            + "\"lastContactedAt\":\"2024-01-16T09:15:00.120Z\"}");
  }

  @Test
  void shouldWriteCustomValuesAsJsonStringsNumbersAndBooleans() {
    Lead lead = withCustomFields(ordered(
        "industry", "Tech", "seats", 120L, "rate", new BigDecimal("1.50"), "paying", true,
        "churned", false, "big", new BigDecimal("123456789012345678901234567890"), "code", "42"));

    assertThat(text(LeadJson.toBytes(lead, false))).contains(
        "\"customFields\":{\"industry\":\"Tech\",\"seats\":120,\"rate\":1.50,\"paying\":true,"
            + "\"churned\":false,\"big\":123456789012345678901234567890,\"code\":\"42\"}");
  }

  @Test
  void shouldWriteNonAsciiTextAsUtf8() {
    Lead lead = withFirstName("Zoë 李 Ωmega");

    assertThat(LeadJson.toBytes(lead, false))
        .containsSequence("\"firstName\":\"Zoë 李 Ωmega\"".getBytes(UTF_8));
  }

  @Test
  void shouldEscapeQuotesBackslashesAndControlCharacters() {
    Lead lead = withFirstName("a\"b\\c\nd\u0001");

    assertThat(text(LeadJson.toBytes(lead, false))).contains("\"firstName\":\"a\\\"b\\\\c\\nd\\u0001\"");
  }

  // --- reading back ---

  @Test
  void shouldReadBackSeedLeadsWithTheirWorkspace() {
    assertThat(LeadJson.fromBytes(LeadJson.toBytes(JOHN, true))).isEqualTo(JOHN);
    assertThat(LeadJson.fromBytes(LeadJson.toBytes(JANE, true))).isEqualTo(JANE);
  }

  @Test
  void shouldReadLeadAsPrintedOnTheSeedPage() {
    Lead read = LeadJson.fromBytes(JOHN_AS_ON_SEED_PAGE.getBytes(UTF_8));

    assertThat(read).usingRecursiveComparison().ignoringFields("workspaceId").isEqualTo(JOHN);
    assertThat(read.workspaceId()).isNull();
  }

  @Test
  void shouldReadBackLeadWhoseOptionalFieldsAreAllAbsent() {
    assertThat(LeadJson.fromBytes(LeadJson.toBytes(BARE, true))).isEqualTo(BARE);
  }

  @Test
  void shouldReadBackCustomValuesOfEveryTypeWithTheirJavaTypes() {
    Map<String, Object> custom = ordered(
        "text", "Technology", "empty", "", "numeric text", "42", "long", 120L, "negative", -7L,
        "max", Long.MAX_VALUE, "min", Long.MIN_VALUE, "decimal", new BigDecimal("0.25"),
        "trailing zero", new BigDecimal("1.50"), "exponent", new BigDecimal("1E+3"),
        "tiny", new BigDecimal("1E-7"), "beyond long", new BigDecimal("123456789012345678901234567890"),
        "yes", true, "no", false);

    Lead read = LeadJson.fromBytes(LeadJson.toBytes(withCustomFields(custom), true));

    assertThat(read.customFields()).containsExactlyEntriesOf(custom);
    assertThat(read.customFields().values()).extracting(Object::getClass).containsExactly(
        String.class, String.class, String.class, Long.class, Long.class, Long.class, Long.class,
        BigDecimal.class, BigDecimal.class, BigDecimal.class, BigDecimal.class, BigDecimal.class,
        Boolean.class, Boolean.class);
  }

  @Test
  void shouldReadBackACustomNumberWrittenInMoreThan1000Characters() {
    Map<String, Object> custom = ordered("k", new BigDecimal("9".repeat(999) + "e5"));

    Lead read = LeadJson.fromBytes(LeadJson.toBytes(withCustomFields(custom), true));

    assertThat(read.customFields()).containsExactlyEntriesOf(custom);
  }

  @Test
  void shouldReadBackUnicodeTextKeysAndTags() {
    String text = "Zoë 李小龍 \uD83D\uDE00 שלום e\u0301 \u2028 \u0000 \"quoted\" \\ back";
    Lead lead = new Lead(
        "lead_u", "ws_u", text, text, "zoë@例え.jp", text, text, text, text, text,
        LeadStatus.REPLIED, LeadSource.REFERRAL, text, List.of(text, "🏷️"),
        ordered(text, text, "ключ", 1L), BARE.createdAt(), BARE.updatedAt(), BARE.createdAt());

    assertThat(LeadJson.fromBytes(LeadJson.toBytes(lead, true))).isEqualTo(lead);
  }

  @Test
  void shouldReadBackInstantsToTheNanosecond() {
    Lead lead = withTimes(
        Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("2024-01-15T10:30:00.123456789Z"),
        Instant.parse("9999-12-31T23:59:59.999999999Z"));

    assertThat(LeadJson.fromBytes(LeadJson.toBytes(lead, true))).isEqualTo(lead);
  }

  @Test
  void shouldReadLeadWrittenWithoutWorkspaceAsHavingNone() {
    assertThat(LeadJson.fromBytes(LeadJson.toBytes(JANE, false)).workspaceId()).isNull();
  }

  @Test
  void shouldSkipAFieldItDoesNotKnowWithEverythingInIt() {
    String stored = new String(LeadJson.toBytes(JANE, true), java.nio.charset.StandardCharsets.UTF_8);
    String withExtras =
        "{\"extra\":{\"firstName\":\"Mallory\",\"tags\":[\"x\"]},\"more\":[{\"id\":\"other\"}],\"n\":1,"
            + stored.substring(1);

    assertThat(LeadJson.fromBytes(withExtras.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(JANE);
  }

  // --- helpers ---

  private static Lead withFirstName(String firstName) {
    return new Lead(
        BARE.id(), BARE.workspaceId(), firstName, null, null, null, null, null, null, null,
        BARE.status(), BARE.source(), null, List.of(), Map.of(), BARE.createdAt(), BARE.updatedAt(), null);
  }

  private static Lead withCustomFields(Map<String, Object> customFields) {
    return new Lead(
        BARE.id(), BARE.workspaceId(), null, null, null, null, null, null, null, null,
        BARE.status(), BARE.source(), null, List.of(), customFields, BARE.createdAt(), BARE.updatedAt(), null);
  }

  private static Lead withTimes(Instant createdAt, Instant updatedAt, Instant lastContactedAt) {
    return new Lead(
        BARE.id(), BARE.workspaceId(), null, null, null, null, null, null, null, null,
        LeadStatus.CONTACTED, BARE.source(), null, List.of(), Map.of(), createdAt, updatedAt, lastContactedAt);
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, UTF_8);
  }
}
