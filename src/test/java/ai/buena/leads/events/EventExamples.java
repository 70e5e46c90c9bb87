package ai.buena.leads.events;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The event values of EventParserTest's valid and invalid cases, as data: each with the record key
 * it is read with and the parser's verdict (null = valid, else the error code). Shared by the tests
 * that hold other descriptions of the contract (the JSON Schemas) against the parser.
 */
final class EventExamples {
  /** occurredAt spellings the parser reads beside RFC 3339's (OtherDateTimeSpellings). */
  static final List<String> OTHER_SPELLINGS =
      List.of(
          "2024-01-15 10:30:00Z",
          "2024-01-15T10:30:00,5Z",
          "2024-01-15T10:30:00+0000",
          "2024-01-15T10:30:00.000+0530",
          "2024-01-15T24:00:00Z",
          "2016-12-31T23:59:60Z",
          "2024-01-15T10:30:00.1234567891Z",
          "2024-01-15T10:30:00.Z",
          "2024-01-15T10:30:00+05:30:15");

  static final String LEAD = "lead_abc123";
  private static final String EMOJI = "\uD83D\uDE00"; // one code point, two UTF-16 units
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One record of lead-events and what the parser makes of it. */
  record Example(String name, byte[] value, String key, String code) {
    boolean valid() {
      return code == null;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private EventExamples() {}

  static List<Example> valid() {
    List<Example> all = new ArrayList<>();
    all.add(ok("a LeadDeleted", envelope("LeadDeleted")));
    all.add(ok("a LeadCreated with every field", created(json(
        """
        {"firstName": "John", "lastName": "Doe", "email": "john@techcorp.com",
         "linkedinUrl": "https://linkedin.com/in/johndoe", "company": "Tech Corp",
         "title": "Senior Software Engineer", "phone": "+1-555-123-4567",
         "location": "San Francisco, CA", "status": "contacted", "source": "linkedin",
         "notes": "Interested in AI solutions.", "tags": ["ai", "enterprise"],
         "customFields": {"industry": "Technology", "seats": 12, "paying": true}}
        """))));
    all.add(ok("a LeadUpdated of one field", withData("LeadUpdated", json("{\"company\": \"Acme\"}"))));
    all.add(ok("50 custom fields and a null", created(customFields(50, 1))));
    all.add(ok("a LeadUpdated removing 50 custom fields and setting 50", withData("LeadUpdated", customFields(50, 50))));
    all.add(ok("a LeadContacted with channel and note",
        withData("LeadContacted", json("{\"channel\": \"email\", \"note\": \"Sent deck\"}"))));
    all.add(new Example("trailing whitespace", utf8(text(envelope("LeadDeleted")) + " \n"), LEAD, null));
    all.add(new Example("exactly 1,000,000 bytes", padded(envelope("LeadDeleted"), EventParser.MAX_EVENT_BYTES), LEAD, null));
    all.add(ok("eventId of 100 characters", envelope("LeadDeleted").put("eventId", "e".repeat(100))));
    all.add(ok("eventId of 100 code points", envelope("LeadDeleted").put("eventId", EMOJI.repeat(100))));
    for (String field : List.of("leadId", "workspaceId")) {
      all.add(ownKey(field + " of 100 allowed characters", envelope("LeadDeleted").put(field, "AZaz09_-".repeat(12) + "abcd"), null));
    }
    for (String at : List.of("2024-01-15T10:30:00Z", "2024-01-15T10:30:00.123Z", "2024-01-15T10:30:00.123456789Z",
        "2024-01-15T12:30:00+02:00", "2024-01-15T05:00:00.5-05:30")) {
      all.add(ok("occurredAt " + at, envelope("LeadDeleted").put("occurredAt", at)));
    }
    for (String at : OTHER_SPELLINGS) {
      all.add(ok("occurredAt " + at, envelope("LeadDeleted").put("occurredAt", at)));
    }
    for (LeadStatus status : LeadStatus.values()) {
      all.add(ok("status " + status.wire(), created(json("{\"status\": \"" + status.wire() + "\"}"))));
    }
    for (LeadSource source : LeadSource.values()) {
      all.add(ok("source " + source.wire(), created(json("{\"source\": \"" + source.wire() + "\"}"))));
    }
    for (String email : List.of("john@techcorp.com", "jane.smith+crm@startup.io", "a@b.co", "x@mail.b-c.co.uk")) {
      all.add(ok("email " + email, created(data("email", email))));
    }
    all.add(ok("email of 1000 characters", created(data("email", "j".repeat(1000 - 13) + "@techcorp.com"))));
    for (String field : List.of("firstName", "lastName", "linkedinUrl", "company", "title", "phone", "location")) {
      all.add(ok(field + " of 1000 characters", created(data(field, "x".repeat(1000)))));
    }
    all.add(ok("text of 1000 code points", created(data("company", EMOJI.repeat(1000)))));
    all.add(ok("notes of 10000 code points", created(data("notes", EMOJI.repeat(10_000)))));
    all.add(ok("50 tags", created(tags(50, 10))));
    all.add(ok("a tag of 50 characters", created(tags(1, 50))));
    all.add(ok("a tag of 50 code points", created(json("{\"tags\": [\"" + EMOJI.repeat(50) + "\"]}"))));
    all.add(ok("50 custom fields", created(customFields(50))));
    ObjectNode longKey = JSON.createObjectNode();
    longKey.putObject("customFields").put(EMOJI.repeat(100), "v");
    all.add(ok("a custom field key of 100 code points", created(longKey)));
    all.add(ok("custom string, number and boolean values", created(json(
        "{\"customFields\": {\"industry\": \"Tech\", \"seats\": 120, \"ratio\": 0.25, \"paying\": false}}"))));
    all.add(ok("a custom integer beyond long", created(json("{\"customFields\": {\"big\": 123456789012345678901234567890}}"))));
    for (LeadField field : LeadField.values()) {
      ObjectNode nulled = JSON.createObjectNode();
      nulled.putNull(field.json());
      all.add(ok("null " + field.json() + " in LeadCreated", created(nulled)));
    }
    all.add(ok("a null custom value in LeadCreated", created(json("{\"customFields\": {\"a\": null, \"b\": \"x\"}}"))));
    for (LeadField field : LeadField.values()) {
      if (field != LeadField.STATUS && field != LeadField.SOURCE) {
        ObjectNode nulled = JSON.createObjectNode();
        nulled.putNull(field.json());
        all.add(ok("null " + field.json() + " in LeadUpdated", withData("LeadUpdated", nulled)));
      }
    }
    all.add(ok("a null custom value in LeadUpdated",
        withData("LeadUpdated", json("{\"customFields\": {\"budget\": null, \"tier\": \"gold\"}}"))));
    for (String channel : List.of("email", "linkedin", "phone", "other")) {
      all.add(ok("channel " + channel, withData("LeadContacted", data("channel", channel))));
    }
    all.add(ok("a LeadContacted without channel or note", withData("LeadContacted", JSON.createObjectNode())));
    all.add(ok("null channel and note", withData("LeadContacted", json("{\"channel\": null, \"note\": null}"))));
    all.add(ok("a contact note of 1000 code points", withData("LeadContacted", data("note", EMOJI.repeat(1_000)))));
    ObjectNode noData = envelope("LeadDeleted");
    noData.remove("data");
    all.add(ok("a LeadDeleted without data", noData));
    return all;
  }

  static List<Example> invalid() {
    List<Example> all = new ArrayList<>();
    all.add(new Example("an empty value", new byte[0], LEAD, EventError.INVALID_JSON));
    all.add(raw("whitespace only", " \n\t ", EventError.INVALID_JSON));
    for (String text : List.of("hello", "{\"eventId\": ", "{eventId: \"evt_01\"}", "{'eventId': 'x'}", "<xml/>")) {
      all.add(raw("not JSON: " + text, text, EventError.INVALID_JSON));
    }
    byte[] badUtf8 = utf8(text(envelope("LeadDeleted")).replace("evt_01", "evt_\u00ff"));
    badUtf8[indexOf(badUtf8, (byte) 0xc3)] = (byte) 0xff;
    all.add(new Example("invalid UTF-8", badUtf8, LEAD, EventError.INVALID_JSON));
    all.add(raw("trailing garbage", text(envelope("LeadDeleted")) + " garbage", EventError.INVALID_JSON));
    all.add(raw("a second JSON value", text(envelope("LeadDeleted")) + "{}", EventError.INVALID_JSON));
    all.add(raw("a duplicate envelope key",
        text(envelope("LeadDeleted")).replaceFirst("\\{", "{\"leadId\":\"" + LEAD + "\","), EventError.INVALID_JSON));
    all.add(raw("a duplicate data key",
        text(envelope("LeadCreated")).replace("\"data\":{}", "\"data\":{\"company\":\"A\",\"company\":\"B\"}"),
        EventError.INVALID_JSON));
    all.add(raw("a JSON array", "[" + text(envelope("LeadDeleted")) + "]", EventError.NOT_AN_OBJECT));
    for (String scalar : List.of("42", "\"lead\"", "true", "null")) {
      all.add(raw("the scalar " + scalar, scalar, EventError.NOT_AN_OBJECT));
    }
    all.add(new Example("1,000,001 bytes", padded(envelope("LeadDeleted"), EventParser.MAX_EVENT_BYTES + 1), LEAD,
        EventError.TOO_LARGE));
    for (String field : List.of("eventId", "type", "leadId", "workspaceId", "occurredAt")) {
      ObjectNode missing = envelope("LeadDeleted");
      missing.remove(field);
      all.add(bad("missing " + field, missing, EventError.INVALID_ENVELOPE));
      ObjectNode nulled = envelope("LeadDeleted");
      nulled.putNull(field);
      all.add(bad("null " + field, nulled, EventError.INVALID_ENVELOPE));
    }
    String[][] notStrings = {{"eventId", "42"}, {"type", "1"}, {"leadId", "123"}, {"workspaceId", "true"},
        {"occurredAt", "1705314600000"}, {"eventId", "[\"evt_01\"]"}, {"leadId", "{\"id\": \"lead_abc123\"}"}};
    for (String[] pair : notStrings) {
      ObjectNode event = envelope("LeadDeleted");
      event.set(pair[0], node(pair[1]));
      all.add(bad(pair[0] + " " + pair[1], event, EventError.INVALID_ENVELOPE));
    }
    all.add(bad("an empty eventId", envelope("LeadDeleted").put("eventId", ""), EventError.INVALID_ENVELOPE));
    all.add(bad("eventId of 101 characters", envelope("LeadDeleted").put("eventId", "e".repeat(101)), EventError.INVALID_ENVELOPE));
    for (String field : List.of("leadId", "workspaceId")) {
      all.add(ownKey(field + " of 101 characters", envelope("LeadDeleted").put(field, "a".repeat(101)), EventError.INVALID_ENVELOPE));
      all.add(ownKey("an empty " + field, envelope("LeadDeleted").put(field, ""), EventError.INVALID_ENVELOPE));
    }
    for (String id : List.of("lead abc", "lead.abc", "lead/abc", "léad", "lead:1")) {
      all.add(ownKey("leadId " + id, envelope("LeadDeleted").put("leadId", id), EventError.INVALID_ENVELOPE));
    }
    for (String id : List.of("ws acme", "ws.acme", "ws/acme", "wś", "ws+1")) {
      all.add(ownKey("workspaceId " + id, envelope("LeadDeleted").put("workspaceId", id), EventError.INVALID_ENVELOPE));
    }
    for (String at : List.of("2024-01-15", "garbage", "", "2024-01-15T10:30:00", "2024-13-01T00:00:00Z",
        "2024-01-32T00:00:00Z", "1705314600", "15.01.2024 10:30")) {
      all.add(bad("occurredAt '" + at + "'", envelope("LeadDeleted").put("occurredAt", at), EventError.INVALID_ENVELOPE));
    }
    for (String data : List.of("[]", "\"data\"", "1", "true")) {
      ObjectNode event = envelope("LeadCreated");
      event.set("data", node(data));
      all.add(bad("data " + data, event, EventError.INVALID_ENVELOPE));
    }
    for (String type : List.of("LeadMerged", "leadCreated", "LEADCREATED", "", "LeadCreated ")) {
      all.add(bad("type '" + type + "'", envelope(type), EventError.UNKNOWN_TYPE));
    }
    all.add(new Example("leadId other than the key", bytes(envelope("LeadDeleted")), "lead_other", EventError.KEY_MISMATCH));
    all.add(new Example("a record without key", bytes(envelope("LeadDeleted")), null, EventError.KEY_MISMATCH));
    for (String type : List.of("LeadCreated", "LeadUpdated")) {
      all.add(bad("an unknown data field in " + type,
          withData(type, json("{\"firstName\": \"John\", \"nickname\": \"JD\"}")), EventError.INVALID_FIELD));
    }
    for (String status : List.of("\"New\"", "\"open\"", "\"\"", "\" new\"", "1", "true", "[\"new\"]")) {
      all.add(bad("status " + status, created(json("{\"status\": " + status + "}")), EventError.INVALID_FIELD));
    }
    for (String source : List.of("\"API\"", "\"email\"", "\"\"", "\"linkedin \"", "2", "false", "{}")) {
      all.add(bad("source " + source, created(json("{\"source\": " + source + "}")), EventError.INVALID_FIELD));
    }
    for (String email : List.of("john.techcorp.com", "john@doe@techcorp.com", "@techcorp.com", "john@techcorp",
        "john doe@techcorp.com", "", "j".repeat(1001 - 13) + "@techcorp.com",
        "jane\u00a0doe@acme.com", "jane@acme\u3000corp.com", "jane@acme.c\u2028om", "\ufeffjane@acme.com",
        "<a@b.co>", "a@b..co", "a@.b.co", "a@b.co\u0000", "a\u007f@b.co", "a@b.co.")) {
      all.add(bad("email '" + abbreviate(email) + "'", created(data("email", email)), EventError.INVALID_FIELD));
    }
    for (String field : List.of("firstName", "lastName", "linkedinUrl", "company", "title", "phone", "location")) {
      all.add(bad(field + " of 1001 characters", created(data(field, "x".repeat(1001))), EventError.INVALID_FIELD));
    }
    all.add(bad("text of 1001 code points", created(data("company", EMOJI.repeat(1001))), EventError.INVALID_FIELD));
    all.add(bad("notes of 10001 characters", created(data("notes", "n".repeat(10_001))), EventError.INVALID_FIELD));
    String[][] notText = {{"firstName", "42"}, {"lastName", "true"}, {"email", "1"}, {"linkedinUrl", "[]"},
        {"company", "{}"}, {"title", "1.5"}, {"phone", "15551234567"}, {"location", "false"}, {"notes", "[\"a\"]"}};
    for (String[] pair : notText) {
      ObjectNode data = JSON.createObjectNode();
      data.set(pair[0], node(pair[1]));
      all.add(bad(pair[0] + " " + pair[1], created(data), EventError.INVALID_FIELD));
    }
    all.add(bad("51 tags", created(tags(51, 10)), EventError.INVALID_FIELD));
    all.add(bad("a tag of 51 characters", created(tags(1, 51)), EventError.INVALID_FIELD));
    for (String tag : List.of("1", "null", "true", "{}", "[\"ai\"]")) {
      all.add(bad("the tag " + tag, created(json("{\"tags\": [\"ai\", " + tag + "]}")), EventError.INVALID_FIELD));
    }
    for (String tags : List.of("\"ai\"", "1", "{\"ai\": true}")) {
      all.add(bad("tags " + tags, created(json("{\"tags\": " + tags + "}")), EventError.INVALID_FIELD));
    }
    all.add(bad("51 custom fields", created(customFields(51)), EventError.INVALID_FIELD));
    ObjectNode longKey = JSON.createObjectNode();
    longKey.putObject("customFields").put("k".repeat(101), "v");
    all.add(bad("a custom field key of 101 characters", created(longKey), EventError.INVALID_FIELD));
    all.add(bad("an empty custom field key", created(json("{\"customFields\": {\"\": \"v\"}}")), EventError.INVALID_FIELD));
    for (String value : List.of("{\"a\": 1}", "[1, 2]", "[]", "{}")) {
      all.add(bad("the custom value " + value, created(json("{\"customFields\": {\"k\": " + value + "}}")),
          EventError.INVALID_FIELD));
    }
    ObjectNode longValue = JSON.createObjectNode();
    longValue.putObject("customFields").put("k", "v".repeat(1001));
    all.add(bad("a custom string of 1001 characters", created(longValue), EventError.INVALID_FIELD));
    for (String value : List.of("[]", "\"industry\"", "1")) {
      all.add(bad("customFields " + value, created(json("{\"customFields\": " + value + "}")), EventError.INVALID_FIELD));
    }
    for (String field : List.of("status", "source")) {
      ObjectNode nulled = JSON.createObjectNode();
      nulled.putNull(field);
      all.add(bad("null " + field + " in LeadUpdated", withData("LeadUpdated", nulled), EventError.INVALID_FIELD));
    }
    all.add(bad("a field rule broken in LeadUpdated", withData("LeadUpdated", data("email", "not-an-email")),
        EventError.INVALID_FIELD));
    for (String channel : List.of("\"sms\"", "\"Email\"", "\"\"", "1", "true", "[\"email\"]")) {
      all.add(bad("channel " + channel, withData("LeadContacted", json("{\"channel\": " + channel + "}")),
          EventError.INVALID_FIELD));
    }
    all.add(bad("a contact note of 1001 characters", withData("LeadContacted", data("note", "n".repeat(1_001))),
        EventError.INVALID_FIELD));
    all.add(bad("a contact note that is a number", withData("LeadContacted", json("{\"note\": 42}")), EventError.INVALID_FIELD));
    all.add(bad("an unknown LeadContacted field",
        withData("LeadContacted", json("{\"channel\": \"email\", \"status\": \"replied\"}")), EventError.INVALID_FIELD));
    all.add(bad("a LeadDeleted with data", withData("LeadDeleted", json("{\"reason\": \"gdpr\"}")), EventError.INVALID_FIELD));
    return all;
  }

  // --- building blocks ---

  private static Example ok(String name, ObjectNode event) {
    return new Example(name, bytes(event), LEAD, null);
  }

  private static Example bad(String name, ObjectNode event, String code) {
    return new Example(name, bytes(event), LEAD, code);
  }

  /** Read with the event's own leadId as key, so only the envelope rule can reject it. */
  private static Example ownKey(String name, ObjectNode event, String code) {
    return new Example(name, bytes(event), event.get("leadId").textValue(), code);
  }

  private static Example raw(String name, String value, String code) {
    return new Example(name, utf8(value), LEAD, code);
  }

  static ObjectNode envelope(String type) {
    ObjectNode event = JSON.createObjectNode();
    event.put("eventId", "evt_01");
    event.put("type", type);
    event.put("leadId", LEAD);
    event.put("workspaceId", "ws_acme");
    event.put("occurredAt", "2024-01-15T10:30:00Z");
    event.putObject("data");
    return event;
  }

  private static ObjectNode created(ObjectNode data) {
    return withData("LeadCreated", data);
  }

  private static ObjectNode withData(String type, ObjectNode data) {
    ObjectNode event = envelope(type);
    event.set("data", data);
    return event;
  }

  private static ObjectNode data(String field, String value) {
    return JSON.createObjectNode().put(field, value);
  }

  private static ObjectNode tags(int count, int length) {
    ObjectNode data = JSON.createObjectNode();
    ArrayNode tags = data.putArray("tags");
    for (int i = 0; i < count; i++) {
      String prefix = "t" + i + "-";
      tags.add(prefix + "x".repeat(length - prefix.length()));
    }
    return data;
  }

  private static ObjectNode customFields(int count) {
    return customFields(count, 0);
  }

  /** {@code count} custom fields set, and {@code removed} others given as null. */
  private static ObjectNode customFields(int count, int removed) {
    ObjectNode data = JSON.createObjectNode();
    ObjectNode fields = data.putObject("customFields");
    for (int i = 0; i < count; i++) {
      fields.put("field" + i, i);
    }
    for (int i = 0; i < removed; i++) {
      fields.putNull("old" + i);
    }
    return data;
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 20) + "…(" + text.length() + ")";
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

  private static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }

  static byte[] bytes(ObjectNode event) {
    try {
      return JSON.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
