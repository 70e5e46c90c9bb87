package ai.buena.leads.events;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.EventExamples.Example;
import ai.buena.leads.testing.PublishedSchemas;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * schemas/lead-event.schema.json and the parser agree on every example of EventParserTest
 * (EventExamples), except where a JSON Schema cannot say the rule: those are listed here with why.
 */
class EventSchemaAgreementTest {
  private static final String EVENT_SCHEMA = "lead-event.schema.json";
  private static final ObjectMapper LENIENT =
      new ObjectMapper().disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** Invalid examples a schema cannot reject, by name, with the reason. */
  private static final Map<String, String> BEYOND_A_SCHEMA =
      Map.of(
          "a duplicate envelope key",
          "a schema sees the parsed document; duplicate keys are a rule of the JSON reading",
          "a duplicate data key",
          "a schema sees the parsed document; duplicate keys are a rule of the JSON reading",
          "1,000,001 bytes",
          "the size limit is on the record's bytes, not expressible in a schema",
          "leadId other than the key",
          "the record key is not part of the value",
          "a record without key",
          "the record key is not part of the value",
          "51 custom fields",
          "a schema cannot count only an object's non-null values (nulls remove keys)");

  /**
   * Valid examples the schema rejects: occurredAt spellings the parser reads beside RFC 3339's
   * (OtherDateTimeSpellings), which the schema's {@code date-time} format does not allow.
   */
  private static final Map<String, String> WIDER_THAN_THE_SCHEMA =
      Map.of(
          "occurredAt 2024-01-15T10:30:00,5Z",
          "ISO 8601's decimal comma; RFC 3339 has only the point",
          "occurredAt 2024-01-15T10:30:00+0000",
          "an offset without its colon (PHP's DATE_ISO8601); RFC 3339 writes +00:00",
          "occurredAt 2024-01-15T10:30:00.000+0530",
          "an offset without its colon; RFC 3339 writes +05:30",
          "occurredAt 2024-01-15T24:00:00Z",
          "ISO 8601's end of a day; RFC 3339's hours end at 23",
          "occurredAt 2024-01-15T10:30:00.1234567891Z",
          "ten fraction digits: RFC 3339 allows any number, but networknt's date-time check here"
              + " stops at nine (the parser keeps nine, an instant's nanoseconds)",
          "occurredAt 2024-01-15T10:30:00.Z",
          "a decimal point without digits (Java's ISO parser reads it as no fraction); RFC 3339"
              + " wants a digit after it",
          "occurredAt 2024-01-15T10:30:00+05:30:15",
          "an offset with seconds (Java's ZoneOffset); RFC 3339's offsets are hours and minutes");

  /** Invalid examples that are not one JSON document at all: a schema has nothing to validate. */
  private static final List<String> NOT_ONE_JSON_DOCUMENT =
      List.of(
          "an empty value",
          "whitespace only",
          "not JSON: hello",
          "not JSON: {\"eventId\": ",
          "not JSON: {eventId: \"evt_01\"}",
          "not JSON: {'eventId': 'x'}",
          "not JSON: <xml/>",
          "invalid UTF-8",
          "trailing garbage",
          "a second JSON value");

  private final EventParser parser = new EventParser();

  static Stream<Example> validExamples() {
    return EventExamples.valid().stream().filter(e -> !WIDER_THAN_THE_SCHEMA.containsKey(e.name()));
  }

  static Stream<Example> validExamplesWiderThanTheSchema() {
    return EventExamples.valid().stream().filter(e -> WIDER_THAN_THE_SCHEMA.containsKey(e.name()));
  }

  static Stream<Example> invalidExamples() {
    return EventExamples.invalid().stream()
        .filter(e -> !BEYOND_A_SCHEMA.containsKey(e.name()))
        .filter(e -> !NOT_ONE_JSON_DOCUMENT.contains(e.name()));
  }

  static Stream<Example> examplesBeyondASchema() {
    return EventExamples.invalid().stream().filter(e -> BEYOND_A_SCHEMA.containsKey(e.name()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validExamples")
  void shouldAcceptEveryValidExampleInParserAndSchema(Example example) {
    assertThat(parser.parse(example.value(), example.key())).isInstanceOf(ParseResult.Valid.class);
    assertThat(PublishedSchemas.problems(EVENT_SCHEMA, document(example))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidExamples")
  void shouldRejectEveryInvalidExampleInParserAndSchema(Example example) {
    assertThat(codeOf(example)).isEqualTo(example.code());
    assertThat(PublishedSchemas.problems(EVENT_SCHEMA, document(example))).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examplesBeyondASchema")
  void shouldListOnlyExamplesTheParserRejectsAndTheSchemaAccepts(Example example) {
    assertThat(codeOf(example)).isEqualTo(example.code());
    assertThat(PublishedSchemas.problems(EVENT_SCHEMA, document(example))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validExamplesWiderThanTheSchema")
  void shouldListOnlyExamplesTheParserAcceptsAndTheSchemaRejects(Example example) {
    assertThat(parser.parse(example.value(), example.key())).isInstanceOf(ParseResult.Valid.class);
    assertThat(PublishedSchemas.problems(EVENT_SCHEMA, document(example))).isNotEmpty();
  }

  @Test
  void shouldNameOnlyExistingExamplesAsWiderThanTheSchema() {
    assertThat(EventExamples.valid())
        .extracting(Example::name)
        .containsAll(WIDER_THAN_THE_SCHEMA.keySet());
  }

  @Test
  void shouldListOnlyExamplesThatAreNotOneJsonDocument() {
    List<Example> listed =
        EventExamples.invalid().stream().filter(e -> NOT_ONE_JSON_DOCUMENT.contains(e.name())).toList();

    assertThat(listed).extracting(Example::name).containsExactlyInAnyOrderElementsOf(NOT_ONE_JSON_DOCUMENT);
    assertThat(listed).allSatisfy(e -> assertThat(e.code()).isEqualTo(EventError.INVALID_JSON));
  }

  @Test
  void shouldNameOnlyExistingExamplesAsBeyondASchema() {
    assertThat(EventExamples.invalid()).extracting(Example::name).containsAll(BEYOND_A_SCHEMA.keySet());
  }

  private String codeOf(Example example) {
    ParseResult result = parser.parse(example.value(), example.key());
    assertThat(result).isInstanceOf(ParseResult.Invalid.class);
    return ((ParseResult.Invalid) result).error().code();
  }

  private static JsonNode document(Example example) {
    try {
      return LENIENT.readTree(new String(example.value(), StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      throw new AssertionError(example.name() + " is not one JSON document", e);
    }
  }
}
