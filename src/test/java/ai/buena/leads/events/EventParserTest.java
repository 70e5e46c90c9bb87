package ai.buena.leads.events;

import static ai.buena.leads.events.EventError.INVALID_ENVELOPE;
import static ai.buena.leads.events.EventError.INVALID_FIELD;
import static ai.buena.leads.events.EventError.INVALID_JSON;
import static ai.buena.leads.events.EventError.KEY_MISMATCH;
import static ai.buena.leads.events.EventError.NOT_AN_OBJECT;
import static ai.buena.leads.events.EventError.TOO_LARGE;
import static ai.buena.leads.events.EventError.UNKNOWN_TYPE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LEAD = "lead_abc123";
  private static final String EMOJI = "\uD83D\uDE00"; // one code point, two UTF-16 units

  private final EventParser parser = new EventParser();

  // --- a valid event of each type ---

  @Test
  void shouldCopyEnvelopeIntoEvent() {
    LeadEvent event = valid(envelope("LeadDeleted"));

    assertThat(event).isEqualTo(
        new LeadEvent.Deleted("evt_01", LEAD, "ws_acme", Instant.parse("2024-01-15T10:30:00Z")));
  }

  @Test
  void shouldParseLeadCreatedWithEveryField() {
    ObjectNode data = json(
        """
        {"firstName": "John", "lastName": "Doe", "email": "john@techcorp.com",
         "linkedinUrl": "https://linkedin.com/in/johndoe", "company": "Tech Corp",
         "title": "Senior Software Engineer", "phone": "+1-555-123-4567",
         "location": "San Francisco, CA", "status": "contacted", "source": "linkedin",
         "notes": "Interested in AI solutions.", "tags": ["ai", "enterprise"],
         "customFields": {"industry": "Technology", "seats": 12, "paying": true}}
        """);

    LeadPatch patch = createdData(data);

    assertThat(patch.values()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
        Map.entry(LeadField.FIRST_NAME, "John"),
        Map.entry(LeadField.LAST_NAME, "Doe"),
        Map.entry(LeadField.EMAIL, "john@techcorp.com"),
        Map.entry(LeadField.LINKEDIN_URL, "https://linkedin.com/in/johndoe"),
        Map.entry(LeadField.COMPANY, "Tech Corp"),
        Map.entry(LeadField.TITLE, "Senior Software Engineer"),
        Map.entry(LeadField.PHONE, "+1-555-123-4567"),
        Map.entry(LeadField.LOCATION, "San Francisco, CA"),
        Map.entry(LeadField.STATUS, LeadStatus.CONTACTED),
        Map.entry(LeadField.SOURCE, LeadSource.LINKEDIN),
        Map.entry(LeadField.NOTES, "Interested in AI solutions."),
        Map.entry(LeadField.TAGS, List.of("ai", "enterprise")),
        Map.entry(LeadField.CUSTOM_FIELDS, Map.of("industry", "Technology", "seats", 12L, "paying", true))));
  }

  @Test
  void shouldParseLeadUpdatedAsPatchOfPresentFieldsOnly() {
    ObjectNode event = envelope("LeadUpdated");
    event.set("data", json("{\"company\": \"Acme\"}"));

    LeadEvent.Updated updated = (LeadEvent.Updated) valid(event);

    assertThat(updated.patch().values()).containsExactly(Map.entry(LeadField.COMPANY, "Acme"));
  }

  @Test
  void shouldParseLeadContactedWithChannelAndNote() {
    LeadEvent.Contacted contacted = contacted(json("{\"channel\": \"email\", \"note\": \"Sent deck\"}"));

    assertThat(contacted.channel()).isEqualTo("email");
    assertThat(contacted.note()).isEqualTo("Sent deck");
  }

  // --- not JSON, not an object, too large ---

  @Test
  void shouldRejectEmptyValueAsInvalidJson() {
    assertThat(errorOf(parser.parse(new byte[0], LEAD)).code()).isEqualTo(INVALID_JSON);
  }

  @Test
  void shouldRejectMissingValueAsInvalidJson() {
    assertThat(errorOf(parser.parse(null, LEAD)).code()).isEqualTo(INVALID_JSON);
  }

  @Test
  void shouldRejectWhitespaceOnlyValueAsInvalidJson() {
    assertThat(code(" \n\t ")).isEqualTo(INVALID_JSON);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello", "{\"eventId\": ", "{eventId: \"evt_01\"}", "{'eventId': 'x'}", "<xml/>"})
  void shouldRejectTextThatIsNotJson(String value) {
    assertThat(code(value)).isEqualTo(INVALID_JSON);
  }

  @Test
  void shouldRejectInvalidUtf8AsInvalidJson() {
    byte[] value = text(envelope("LeadDeleted")).replace("evt_01", "evt_\u00ff").getBytes(UTF_8);
    int at = indexOf(value, (byte) 0xc3);
    value[at] = (byte) 0xff;

    assertThat(errorOf(parser.parse(value, LEAD)).code()).isEqualTo(INVALID_JSON);
  }

  @Test
  void shouldRejectAnOverlongUtf8FormThatALenientDecoderWouldReadAsInvalidJson() {
    // C0 AF: '/' in two bytes, which Jackson alone decodes instead of refusing
    byte[] value = text(envelope("LeadDeleted")).replace("evt_01", "evt_\u00ff").getBytes(UTF_8);
    int at = indexOf(value, (byte) 0xc3);
    value[at] = (byte) 0xc0;
    value[at + 1] = (byte) 0xaf;

    assertThat(errorOf(parser.parse(value, LEAD)).code()).isEqualTo(INVALID_JSON);
  }

  @Test
  void shouldRejectAnEventInUtf16ThatJacksonWouldDetectAndReadAsInvalidJson() {
    byte[] value = text(envelope("LeadDeleted")).getBytes(java.nio.charset.StandardCharsets.UTF_16LE);

    assertThat(errorOf(parser.parse(value, LEAD)).code()).isEqualTo(INVALID_JSON);
  }

  @Test
  void shouldRejectTrailingGarbageAfterTheObject() {
    assertThat(code(text(envelope("LeadDeleted")) + " garbage")).isEqualTo(INVALID_JSON);
  }

  @Test
  void shouldRejectSecondJsonValueAfterTheObject() {
    assertThat(code(text(envelope("LeadDeleted")) + "{}")).isEqualTo(INVALID_JSON);
  }

  @Test
  void shouldAcceptTrailingWhitespaceAfterTheObject() {
    assertThat(parse(text(envelope("LeadDeleted")) + " \n")).isInstanceOf(ParseResult.Valid.class);
  }

  @Test
  void shouldRejectDuplicateEnvelopeKey() {
    String value = text(envelope("LeadDeleted")).replaceFirst("\\{", "{\"leadId\":\"" + LEAD + "\",");

    assertThat(code(value)).isEqualTo(INVALID_JSON);
  }

  @Test
  void shouldRejectDuplicateDataKey() {
    String value =
        text(envelope("LeadCreated")).replace("\"data\":{}", "\"data\":{\"company\":\"A\",\"company\":\"B\"}");

    assertThat(code(value)).isEqualTo(INVALID_JSON);
  }

  @Test
  void shouldRejectJsonArrayAsNotAnObject() {
    assertThat(code("[" + text(envelope("LeadDeleted")) + "]")).isEqualTo(NOT_AN_OBJECT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"42", "\"lead\"", "true", "null"})
  void shouldRejectJsonScalarAsNotAnObject(String value) {
    assertThat(code(value)).isEqualTo(NOT_AN_OBJECT);
  }

  @Test
  void shouldRejectValueOfMoreThanOneMillionBytesAsTooLarge() {
    byte[] value = padded(envelope("LeadDeleted"), EventParser.MAX_EVENT_BYTES + 1);

    assertThat(errorOf(parser.parse(value, LEAD)).code()).isEqualTo(TOO_LARGE);
  }

  @Test
  void shouldAcceptValueOfExactlyOneMillionBytes() {
    byte[] value = padded(envelope("LeadDeleted"), EventParser.MAX_EVENT_BYTES);

    assertThat(parser.parse(value, LEAD)).isInstanceOf(ParseResult.Valid.class);
  }

  // --- envelope ---

  @ParameterizedTest
  @ValueSource(strings = {"eventId", "type", "leadId", "workspaceId", "occurredAt"})
  void shouldRejectMissingEnvelopeField(String field) {
    ObjectNode event = envelope("LeadDeleted");
    event.remove(field);

    assertThat(code(event)).isEqualTo(INVALID_ENVELOPE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"eventId", "type", "leadId", "workspaceId", "occurredAt"})
  void shouldRejectNullEnvelopeField(String field) {
    ObjectNode event = envelope("LeadDeleted");
    event.putNull(field);

    assertThat(code(event)).isEqualTo(INVALID_ENVELOPE);
  }

  @ParameterizedTest
  @CsvSource({
    "eventId, 42", "type, 1", "leadId, 123", "workspaceId, true", "occurredAt, 1705314600000",
    "eventId, '[\"evt_01\"]'", "leadId, '{\"id\": \"lead_abc123\"}'"
  })
  void shouldRejectEnvelopeFieldThatIsNotAString(String field, String value) {
    ObjectNode event = envelope("LeadDeleted");
    event.set(field, node(value));

    assertThat(code(event)).isEqualTo(INVALID_ENVELOPE);
  }

  @Test
  void shouldRejectEmptyEventId() {
    assertThat(code(envelope("LeadDeleted").put("eventId", ""))).isEqualTo(INVALID_ENVELOPE);
  }

  @Test
  void shouldAcceptEventIdOf100Characters() {
    LeadEvent event = valid(envelope("LeadDeleted").put("eventId", "e".repeat(100)));

    assertThat(event.eventId()).hasSize(100);
  }

  @Test
  void shouldRejectEventIdOf101Characters() {
    assertThat(code(envelope("LeadDeleted").put("eventId", "e".repeat(101)))).isEqualTo(INVALID_ENVELOPE);
  }

  @Test
  void shouldCountEventIdLengthInCodePoints() {
    LeadEvent event = valid(envelope("LeadDeleted").put("eventId", EMOJI.repeat(100)));

    assertThat(event.eventId()).isEqualTo(EMOJI.repeat(100));
  }

  @ParameterizedTest
  @ValueSource(strings = {"leadId", "workspaceId"})
  void shouldAcceptIdOf100AllowedCharacters(String field) {
    String id = "AZaz09_-".repeat(12) + "abcd";
    ObjectNode event = envelope("LeadDeleted").put(field, id);

    assertThat(parser.parse(bytes(event), event.get("leadId").textValue()))
        .isInstanceOf(ParseResult.Valid.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"leadId", "workspaceId"})
  void shouldRejectIdOf101Characters(String field) {
    assertThat(codeWithOwnKey(envelope("LeadDeleted").put(field, "a".repeat(101)))).isEqualTo(INVALID_ENVELOPE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"leadId", "workspaceId"})
  void shouldRejectEmptyId(String field) {
    assertThat(codeWithOwnKey(envelope("LeadDeleted").put(field, ""))).isEqualTo(INVALID_ENVELOPE);
  }

  @ParameterizedTest
  @CsvSource({
    "leadId, lead abc", "leadId, lead.abc", "leadId, lead/abc", "leadId, léad", "leadId, lead:1",
    "workspaceId, ws acme", "workspaceId, ws.acme", "workspaceId, ws/acme", "workspaceId, wś", "workspaceId, ws+1"
  })
  void shouldRejectIdWithCharacterOutsideLettersDigitsUnderscoreAndHyphen(String field, String id) {
    assertThat(codeWithOwnKey(envelope("LeadDeleted").put(field, id))).isEqualTo(INVALID_ENVELOPE);
  }

  @ParameterizedTest
  @CsvSource({
    "2024-01-15T10:30:00Z, 2024-01-15T10:30:00Z",
    "2024-01-15T10:30:00.123Z, 2024-01-15T10:30:00.123Z",
    "2024-01-15T10:30:00.123456789Z, 2024-01-15T10:30:00.123456789Z",
    "2024-01-15T12:30:00+02:00, 2024-01-15T10:30:00Z",
    "2024-01-15T05:00:00.5-05:30, 2024-01-15T10:30:00.5Z",
    "0000-01-01T00:00:00Z, 0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999999Z, 9999-12-31T23:59:59.999999999Z",
    "0000-01-01T01:00:00+01:00, 0000-01-01T00:00:00Z"
  })
  void shouldAcceptOccurredAtAsIsoDateTimeWithZoneOrOffset(String occurredAt, String instant) {
    LeadEvent event = valid(envelope("LeadDeleted").put("occurredAt", occurredAt));

    assertThat(event.occurredAt()).isEqualTo(Instant.parse(instant));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "2024-01-15", "garbage", "", "2024-01-15T10:30:00", "2024-13-01T00:00:00Z", "2024-01-32T00:00:00Z",
    "1705314600", "15.01.2024 10:30", "2024-01-15T23:59:60Z", "2023-02-29T10:30:00Z",
    "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "0000-01-01T00:30:00+01:00",
    "9999-12-31T23:30:00-01:00"
  })
  void shouldRejectOccurredAtThatIsNotAnIsoDateTime(String occurredAt) {
    assertThat(code(envelope("LeadDeleted").put("occurredAt", occurredAt))).isEqualTo(INVALID_ENVELOPE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"data\"", "1", "true"})
  void shouldRejectDataThatIsNotAnObject(String data) {
    ObjectNode event = envelope("LeadCreated");
    event.set("data", node(data));

    assertThat(code(event)).isEqualTo(INVALID_ENVELOPE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"LeadMerged", "leadCreated", "LEADCREATED", "", "LeadCreated "})
  void shouldRejectUnknownType(String type) {
    assertThat(code(envelope(type))).isEqualTo(UNKNOWN_TYPE);
  }

  @Test
  void shouldRejectLeadIdThatDiffersFromRecordKey() {
    assertThat(errorOf(parser.parse(bytes(envelope("LeadDeleted")), "lead_other")).code())
        .isEqualTo(KEY_MISMATCH);
  }

  @Test
  void shouldRejectRecordWithoutKeyAsKeyMismatch() {
    assertThat(errorOf(parser.parse(bytes(envelope("LeadDeleted")), null)).code()).isEqualTo(KEY_MISMATCH);
  }

  // --- data: fields and enums ---

  @ParameterizedTest
  @ValueSource(strings = {"LeadCreated", "LeadUpdated"})
  void shouldRejectUnknownDataField(String type) {
    ObjectNode event = envelope(type);
    event.set("data", json("{\"firstName\": \"John\", \"nickname\": \"JD\"}"));

    assertThat(code(event)).isEqualTo(INVALID_FIELD);
  }

  @ParameterizedTest
  @EnumSource(LeadStatus.class)
  void shouldAcceptEveryStatus(LeadStatus status) {
    LeadPatch patch = createdData(json("{\"status\": \"" + status.wire() + "\"}"));

    assertThat(patch.get(LeadField.STATUS)).isEqualTo(status);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"New\"", "\"open\"", "\"\"", "\" new\"", "1", "true", "[\"new\"]"})
  void shouldRejectStatusOutsideEnum(String status) {
    assertThat(createdCode(json("{\"status\": " + status + "}"))).isEqualTo(INVALID_FIELD);
  }

  @ParameterizedTest
  @EnumSource(LeadSource.class)
  void shouldAcceptEverySource(LeadSource source) {
    LeadPatch patch = createdData(json("{\"source\": \"" + source.wire() + "\"}"));

    assertThat(patch.get(LeadField.SOURCE)).isEqualTo(source);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"API\"", "\"email\"", "\"\"", "\"linkedin \"", "2", "false", "{}"})
  void shouldRejectSourceOutsideEnum(String source) {
    assertThat(createdCode(json("{\"source\": " + source + "}"))).isEqualTo(INVALID_FIELD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"john@techcorp.com", "jane.smith+crm@startup.io", "a@b.co"})
  void shouldAcceptEmailAddress(String email) {
    assertThat(createdData(data("email", email)).get(LeadField.EMAIL)).isEqualTo(email);
  }

  @Test
  void shouldRejectEmailWithoutAtSign() {
    assertThat(createdCode(data("email", "john.techcorp.com"))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldRejectEmailWithTwoAtSigns() {
    assertThat(createdCode(data("email", "john@doe@techcorp.com"))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldRejectEmailWithNothingBeforeAtSign() {
    assertThat(createdCode(data("email", "@techcorp.com"))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldRejectEmailWithoutDotInDomain() {
    assertThat(createdCode(data("email", "john@techcorp"))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldRejectEmailWithWhitespace() {
    assertThat(createdCode(data("email", "john doe@techcorp.com"))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldRejectEmptyEmail() {
    assertThat(createdCode(data("email", ""))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldRejectEmailLongerThan1000Characters() {
    String email = "j".repeat(1001 - "@techcorp.com".length()) + "@techcorp.com";

    assertThat(createdCode(data("email", email))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldAcceptEmailOf1000Characters() {
    String email = "j".repeat(1000 - "@techcorp.com".length()) + "@techcorp.com";

    assertThat(createdData(data("email", email)).get(LeadField.EMAIL)).isEqualTo(email);
  }

  // --- data: lengths ---

  @ParameterizedTest
  @ValueSource(strings = {"firstName", "lastName", "linkedinUrl", "company", "title", "phone", "location"})
  void shouldAcceptTextFieldOf1000Characters(String field) {
    LeadPatch patch = createdData(data(field, "x".repeat(1000)));

    assertThat(patch.get(LeadField.fromJson(field).orElseThrow())).isEqualTo("x".repeat(1000));
  }

  @ParameterizedTest
  @ValueSource(strings = {"firstName", "lastName", "linkedinUrl", "company", "title", "phone", "location"})
  void shouldRejectTextFieldOf1001Characters(String field) {
    assertThat(createdCode(data(field, "x".repeat(1001)))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldCountTextLengthInCodePoints() {
    LeadPatch patch = createdData(data("company", EMOJI.repeat(1000)));

    assertThat(patch.get(LeadField.COMPANY)).isEqualTo(EMOJI.repeat(1000));
  }

  @Test
  void shouldRejectTextOf1001CodePoints() {
    assertThat(createdCode(data("company", EMOJI.repeat(1001)))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldAcceptNotesOf10000Characters() {
    LeadPatch patch = createdData(data("notes", EMOJI.repeat(10_000)));

    assertThat(patch.get(LeadField.NOTES)).isEqualTo(EMOJI.repeat(10_000));
  }

  @Test
  void shouldRejectNotesOf10001Characters() {
    assertThat(createdCode(data("notes", "n".repeat(10_001)))).isEqualTo(INVALID_FIELD);
  }

  @ParameterizedTest
  @CsvSource({
    "firstName, 42", "lastName, true", "email, 1", "linkedinUrl, '[]'", "company, '{}'", "title, 1.5",
    "phone, 15551234567", "location, false", "notes, '[\"a\"]'"
  })
  void shouldRejectTextFieldThatIsNotAString(String field, String value) {
    ObjectNode data = JSON.createObjectNode();
    data.set(field, node(value));

    assertThat(createdCode(data)).isEqualTo(INVALID_FIELD);
  }

  // --- data: tags ---

  @Test
  void shouldAccept50TagsInOrder() {
    LeadPatch patch = createdData(tags(50, 10));

    assertThat(patch.tags()).hasSize(50).startsWith(tag(0, 10), tag(1, 10)).endsWith(tag(49, 10));
  }

  @Test
  void shouldReject51Tags() {
    assertThat(createdCode(tags(51, 10))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldAcceptTagOf50Characters() {
    assertThat(createdData(tags(1, 50)).tags()).containsExactly(tag(0, 50));
  }

  @Test
  void shouldRejectTagOf51Characters() {
    assertThat(createdCode(tags(1, 51))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldCountTagLengthInCodePoints() {
    assertThat(createdData(json("{\"tags\": [\"" + EMOJI.repeat(50) + "\"]}")).tags())
        .containsExactly(EMOJI.repeat(50));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "null", "true", "{}", "[\"ai\"]"})
  void shouldRejectTagThatIsNotAString(String tag) {
    assertThat(createdCode(json("{\"tags\": [\"ai\", " + tag + "]}"))).isEqualTo(INVALID_FIELD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"ai\"", "1", "{\"ai\": true}"})
  void shouldRejectTagsThatAreNotAnArray(String tags) {
    assertThat(createdCode(json("{\"tags\": " + tags + "}"))).isEqualTo(INVALID_FIELD);
  }

  // --- data: custom fields ---

  @Test
  void shouldAccept50CustomFields() {
    assertThat(createdData(customFields(50)).customFields()).hasSize(50);
  }

  @Test
  void shouldReject51CustomFields() {
    assertThat(createdCode(customFields(51))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldAcceptCustomFieldKeyOf100Characters() {
    ObjectNode data = JSON.createObjectNode();
    data.putObject("customFields").put(EMOJI.repeat(100), "v");

    assertThat(createdData(data).customFields()).containsOnlyKeys(EMOJI.repeat(100));
  }

  @Test
  void shouldRejectCustomFieldKeyOf101Characters() {
    ObjectNode data = JSON.createObjectNode();
    data.putObject("customFields").put("k".repeat(101), "v");

    assertThat(createdCode(data)).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldRejectEmptyCustomFieldKey() {
    assertThat(createdCode(json("{\"customFields\": {\"\": \"v\"}}"))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldReadCustomStringNumberAndBooleanValues() {
    LeadPatch patch = createdData(json(
        "{\"customFields\": {\"industry\": \"Tech\", \"seats\": 120, \"ratio\": 0.25, \"paying\": false}}"));

    assertThat(patch.customFields()).containsExactly(
        Map.entry("industry", "Tech"),
        Map.entry("seats", 120L),
        Map.entry("ratio", new BigDecimal("0.25")),
        Map.entry("paying", false));
  }

  @Test
  void shouldReadCustomIntegerBeyondLongAsExactDecimal() {
    LeadPatch patch = createdData(json("{\"customFields\": {\"big\": 123456789012345678901234567890}}"));

    assertThat(patch.customFields().get("big")).isEqualTo(new BigDecimal("123456789012345678901234567890"));
  }

  @Test
  void shouldKeepCustomDecimalAsWritten() {
    String value = text(envelope("LeadCreated"))
        .replace("\"data\":{}", "\"data\":{\"customFields\":{\"price\":100.0,\"rate\":1.50}}");

    LeadPatch patch = ((LeadEvent.Created) ((ParseResult.Valid) parse(value)).event()).data();

    assertThat(patch.customFields().values())
        .extracting(v -> ((BigDecimal) v).toString())
        .containsExactly("100.0", "1.50");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"a\": 1}", "[1, 2]", "[]", "{}"})
  void shouldRejectCustomValueThatIsAnObjectOrArray(String value) {
    assertThat(createdCode(json("{\"customFields\": {\"k\": " + value + "}}"))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldRejectCustomNumberWhoseWrittenTextIsLongerThan1000Characters() {
    // 1,000 characters as sent; "9.99…9E+1002" (1,005) as stored, which no reader would take back
    ParseResult result = parse(createdWithCustomNumber("9".repeat(998) + "e5"));

    assertThat(errorOf(result).code()).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldNameACustomNumberOfOver1000DigitsAsAnInvalidField() {
    ParseResult result = parse(createdWithCustomNumber("9".repeat(200_000)));

    assertThat(errorOf(result).code()).isEqualTo(INVALID_FIELD);
    assertThat(errorOf(result).message())
        .contains("data.customFields")
        .contains("is a number longer than 1000 characters");
  }

  @Test
  void shouldAcceptCustomIntegerOf1000Digits() {
    String number = "9".repeat(1000);

    ParseResult result = parse(createdWithCustomNumber(number));

    LeadPatch patch = ((LeadEvent.Created) ((ParseResult.Valid) result).event()).data();
    assertThat(patch.customFields().get("k")).isEqualTo(new BigDecimal(number));
  }

  private String createdWithCustomNumber(String number) {
    return text(envelope("LeadCreated"))
        .replace("\"data\":{}", "\"data\":{\"customFields\":{\"k\":" + number + "}}");
  }

  @Test
  void shouldRejectCustomKeyWithALoneSurrogateAsJsonTheParserRefuses() {
    String value =
        text(envelope("LeadCreated"))
            .replace("\"data\":{}", "\"data\":{\"customFields\":{\"\\ud800\":\"x\"}}");

    assertThat(errorOf(parse(value)).code()).isEqualTo(INVALID_JSON);
  }

  @Test
  void shouldRejectCustomStringValueOf1001Characters() {
    ObjectNode data = JSON.createObjectNode();
    data.putObject("customFields").put("k", "v".repeat(1001));

    assertThat(createdCode(data)).isEqualTo(INVALID_FIELD);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "\"industry\"", "1"})
  void shouldRejectCustomFieldsThatAreNotAnObject(String value) {
    assertThat(createdCode(json("{\"customFields\": " + value + "}"))).isEqualTo(INVALID_FIELD);
  }

  // --- nulls: create vs update ---

  @ParameterizedTest
  @EnumSource(LeadField.class)
  void shouldTreatNullFieldOfCreateAsAbsent(LeadField field) {
    ObjectNode data = JSON.createObjectNode();
    data.putNull(field.json());

    assertThat(createdData(data).has(field)).isFalse();
  }

  @Test
  void shouldDropNullCustomValueOfCreate() {
    LeadPatch patch = createdData(json("{\"customFields\": {\"a\": null, \"b\": \"x\"}}"));

    assertThat(patch.customFields()).containsExactly(Map.entry("b", "x"));
  }

  @ParameterizedTest
  @EnumSource(value = LeadField.class, names = {"STATUS", "SOURCE"}, mode = EnumSource.Mode.EXCLUDE)
  void shouldKeepNullFieldOfUpdateToClearIt(LeadField field) {
    ObjectNode data = JSON.createObjectNode();
    data.putNull(field.json());

    LeadPatch patch = updatePatch(data);

    assertThat(patch.values()).containsExactly(entry(field, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "source"})
  void shouldRejectNullStatusOrSourceInUpdate(String field) {
    ObjectNode event = envelope("LeadUpdated");
    event.putObject("data").putNull(field);

    assertThat(code(event)).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldKeepNullCustomValueOfUpdateToRemoveKey() {
    LeadPatch patch = updatePatch(json("{\"customFields\": {\"budget\": null, \"tier\": \"gold\"}}"));

    assertThat(patch.customFields()).containsExactly(entry("budget", null), entry("tier", "gold"));
  }

  @Test
  void shouldApplyFieldRulesToUpdate() {
    ObjectNode event = envelope("LeadUpdated");
    event.set("data", data("email", "not-an-email"));

    assertThat(code(event)).isEqualTo(INVALID_FIELD);
  }

  // --- LeadContacted ---

  @ParameterizedTest
  @ValueSource(strings = {"email", "linkedin", "phone", "other"})
  void shouldAcceptEveryContactChannel(String channel) {
    assertThat(contacted(data("channel", channel)).channel()).isEqualTo(channel);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"sms\"", "\"Email\"", "\"\"", "1", "true", "[\"email\"]"})
  void shouldRejectContactChannelOutsideEnum(String channel) {
    ObjectNode event = envelope("LeadContacted");
    event.set("data", json("{\"channel\": " + channel + "}"));

    assertThat(code(event)).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldAcceptContactWithoutChannelOrNote() {
    LeadEvent.Contacted contacted = contacted(JSON.createObjectNode());

    assertThat(contacted.channel()).isNull();
    assertThat(contacted.note()).isNull();
  }

  @Test
  void shouldTreatNullChannelAndNoteAsAbsent() {
    LeadEvent.Contacted contacted = contacted(json("{\"channel\": null, \"note\": null}"));

    assertThat(contacted.channel()).isNull();
    assertThat(contacted.note()).isNull();
  }

  @Test
  void shouldAcceptContactNoteOf1000Characters() {
    assertThat(contacted(data("note", EMOJI.repeat(1_000))).note()).isEqualTo(EMOJI.repeat(1_000));
  }

  @Test
  void shouldRejectContactNoteOf1001CharactersAsAStringThatIsNotNotes() {
    ObjectNode event = envelope("LeadContacted");
    event.set("data", data("note", "n".repeat(1_001)));

    assertThat(code(event)).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldRejectContactNoteThatIsNotAString() {
    ObjectNode event = envelope("LeadContacted");
    event.set("data", json("{\"note\": 42}"));

    assertThat(code(event)).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldRejectUnknownContactField() {
    ObjectNode event = envelope("LeadContacted");
    event.set("data", json("{\"channel\": \"email\", \"status\": \"replied\"}"));

    assertThat(code(event)).isEqualTo(INVALID_FIELD);
  }

  // --- LeadDeleted ---

  @Test
  void shouldRejectJsonNestedDeeperThanTwentyLevelsAsInvalidJson() {
    String deep = "[".repeat(20) + "]".repeat(20);
    String shallow = "[".repeat(17) + "]".repeat(17);

    assertThat(code(text(envelope("LeadDeleted")).replaceFirst("\\{", "{\"meta\":" + deep + ","))).isEqualTo(INVALID_JSON);
    assertThat(parse(text(envelope("LeadDeleted")).replaceFirst("\\{", "{\"meta\":" + shallow + ",")))
        .isInstanceOf(ParseResult.Valid.class);
  }

  @Test
  void shouldReadCreateAndUpdateWithoutDataAsEmpty() {
    for (String type : List.of("LeadCreated", "LeadUpdated")) {
      ObjectNode missing = envelope(type);
      missing.remove("data");
      ObjectNode nulled = envelope(type);
      nulled.putNull("data");

      assertThat(valid(missing)).isEqualTo(valid(envelope(type)));
      assertThat(valid(nulled)).isEqualTo(valid(envelope(type)));
    }
  }

  @Test
  void shouldAcceptDeleteWithoutData() {
    ObjectNode event = envelope("LeadDeleted");
    event.remove("data");

    assertThat(valid(event)).isInstanceOf(LeadEvent.Deleted.class);
  }

  @Test
  void shouldAcceptDeleteWithEmptyData() {
    assertThat(valid(envelope("LeadDeleted"))).isInstanceOf(LeadEvent.Deleted.class);
  }

  @Test
  void shouldRejectDeleteWithData() {
    ObjectNode event = envelope("LeadDeleted");
    event.set("data", json("{\"reason\": \"gdpr\"}"));

    assertThat(code(event)).isEqualTo(INVALID_FIELD);
  }

  // --- lone UTF-16 surrogates (JSON escapes allow them; they have no UTF-8 form) ---

  @ParameterizedTest
  @ValueSource(strings = {"\\ud800", "a\\udc00b", "\\ude00\\ud83d", "x\\ud83d"})
  void shouldRejectLoneSurrogateInADataStringAsInvalidField(String escaped) {
    String event =
        text(envelope("LeadCreated"))
            .replace("\"data\":{}", "\"data\":{\"firstName\":\"" + escaped + "\"}");

    EventError error = errorOf(parse(event));

    assertThat(error.code()).isEqualTo(INVALID_FIELD);
    assertThat(error.message()).contains("data.firstName").contains("surrogate");
  }

  @Test
  void shouldRejectLoneSurrogateInATagAsInvalidField() {
    String event =
        text(envelope("LeadCreated")).replace("\"data\":{}", "\"data\":{\"tags\":[\"ok\",\"\\udfff\"]}");

    assertThat(code(event)).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldRejectLoneSurrogateInEventIdAsInvalidEnvelope() {
    String event = text(envelope("LeadDeleted")).replace("\"evt_01\"", "\"evt_\\ud800\"");

    assertThat(code(event)).isEqualTo(INVALID_ENVELOPE);
  }

  @Test
  void shouldAcceptSurrogatePairWrittenAsJsonEscapes() {
    String event =
        text(envelope("LeadCreated"))
            .replace("\"data\":{}", "\"data\":{\"firstName\":\"\\ud83d\\ude00\"}");

    assertThat(parse(event)).isInstanceOf(ParseResult.Valid.class);
  }

  // --- helpers ---

  private static ObjectNode envelope(String type) {
    ObjectNode event = JSON.createObjectNode();
    event.put("eventId", "evt_01");
    event.put("type", type);
    event.put("leadId", LEAD);
    event.put("workspaceId", "ws_acme");
    event.put("occurredAt", "2024-01-15T10:30:00Z");
    event.putObject("data");
    return event;
  }

  private static ObjectNode data(String field, String value) {
    return JSON.createObjectNode().put(field, value);
  }

  private static ObjectNode tags(int count, int length) {
    ObjectNode data = JSON.createObjectNode();
    ArrayNode tags = data.putArray("tags");
    for (int i = 0; i < count; i++) {
      tags.add(tag(i, length));
    }
    return data;
  }

  private static String tag(int index, int length) {
    String prefix = "t" + index + "-";
    return prefix + "x".repeat(length - prefix.length());
  }

  private static ObjectNode customFields(int count) {
    ObjectNode data = JSON.createObjectNode();
    ObjectNode fields = data.putObject("customFields");
    for (int i = 0; i < count; i++) {
      fields.put("field" + i, i);
    }
    return data;
  }

  private LeadPatch createdData(ObjectNode data) {
    ObjectNode event = envelope("LeadCreated");
    event.set("data", data);
    return ((LeadEvent.Created) valid(event)).data();
  }

  private LeadPatch updatePatch(ObjectNode data) {
    ObjectNode event = envelope("LeadUpdated");
    event.set("data", data);
    return ((LeadEvent.Updated) valid(event)).patch();
  }

  private LeadEvent.Contacted contacted(ObjectNode data) {
    ObjectNode event = envelope("LeadContacted");
    event.set("data", data);
    return (LeadEvent.Contacted) valid(event);
  }

  private String createdCode(ObjectNode data) {
    ObjectNode event = envelope("LeadCreated");
    event.set("data", data);
    return code(event);
  }

  private LeadEvent valid(ObjectNode event) {
    ParseResult result = parser.parse(bytes(event), LEAD);
    assertThat(result).isInstanceOf(ParseResult.Valid.class);
    return ((ParseResult.Valid) result).event();
  }

  private String code(ObjectNode event) {
    return errorOf(parser.parse(bytes(event), LEAD)).code();
  }

  /** The record key is the event's own leadId, so only the envelope rule can reject it. */
  private String codeWithOwnKey(ObjectNode event) {
    return errorOf(parser.parse(bytes(event), event.get("leadId").textValue())).code();
  }

  private String code(String value) {
    return errorOf(parse(value)).code();
  }

  private ParseResult parse(String value) {
    return parser.parse(value.getBytes(UTF_8), LEAD);
  }

  private static EventError errorOf(ParseResult result) {
    assertThat(result).isInstanceOf(ParseResult.Invalid.class);
    EventError error = ((ParseResult.Invalid) result).error();
    assertThat(error.message()).isNotBlank();
    return error;
  }

  private static byte[] padded(ObjectNode event, int size) {
    byte[] json = bytes(event);
    byte[] value = Arrays.copyOf(json, size);
    Arrays.fill(value, json.length, size, (byte) ' ');
    return value;
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    throw new AssertionError("byte not found");
  }

  private static ObjectNode json(String text) {
    return (ObjectNode) node(text);
  }

  private static JsonNode node(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static String text(ObjectNode event) {
    return new String(bytes(event), UTF_8);
  }

  private static byte[] bytes(ObjectNode event) {
    try {
      return JSON.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
