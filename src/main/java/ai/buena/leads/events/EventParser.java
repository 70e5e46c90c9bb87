package ai.buena.leads.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads and validates one event of {@code lead-events} against every stateless rule of events.md:
 * JSON, envelope, type, key, and the field rules of {@code data}. Thread-safe.
 */
public final class EventParser {
  public static final int MAX_EVENT_BYTES = 1_000_000;
  private static final int MAX_ID_LENGTH = 100;
  private static final Instant FIRST_WRITABLE = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LAST_WRITABLE = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private final ObjectMapper mapper;
  private final DataValidator data = new DataValidator();

  public EventParser() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(20)
                    // any string or number of the event is read, so the rule it breaks is named
                    // (a number of over 1,000 digits is kept unconverted: BoundedJsonTree)
                    .maxStringLength(MAX_EVENT_BYTES)
                    .maxNumberLength(MAX_EVENT_BYTES)
                    .build())
            .build();
    factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.mapper = new ObjectMapper(factory);
    mapper.enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    // Keep a custom decimal as the producer wrote it (100.0 stays 100.0, not 1E+2).
    mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
  }

  /** Whether {@code id} is a valid {@code leadId} (or {@code workspaceId}): 1 to 100 of [A-Za-z0-9_-]. */
  public static boolean isLeadId(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** Validates an event before it has a record key: the key will be the event's own leadId. */
  public ParseResult parseUnkeyed(byte[] value) {
    return parse(value, null, true);
  }

  /**
   * @param value the record's value bytes
   * @param recordKey the record's key as text, or null when the record has none
   */
  public ParseResult parse(byte[] value, String recordKey) {
    return parse(value, recordKey, false);
  }

  private ParseResult parse(byte[] value, String recordKey, boolean keyedByLeadId) {
    if (value == null || value.length == 0) {
      return invalid(EventError.INVALID_JSON, "record has no value");
    }
    if (value.length > MAX_EVENT_BYTES) {
      return invalid(
          EventError.TOO_LARGE, "event is " + value.length + " bytes, more than " + MAX_EVENT_BYTES);
    }
    byte[] json = value;
    int start = 0;
    SchemaRegistryFraming.Payload framed = SchemaRegistryFraming.payload(value, MAX_EVENT_BYTES);
    if (framed != null && framed.error() != null) {
      return new ParseResult.Invalid(framed.error());
    }
    if (framed != null && Utf8.jsonText(framed.bytes(), framed.from(), framed.bytes().length)) {
      json = framed.bytes();
      start = framed.from();
    } else if (framed != null) {
      return invalid(
          EventError.INVALID_JSON,
          "not valid JSON: the value starts with "
              + framed.header()
              + " followed by Avro, Protobuf or other bytes rather than UTF-8 JSON text"
              + (value[0] == 0 ? ", or it is JSON in UTF-16 or UTF-32" : ""));
    } else if (!Utf8.jsonText(value)) {
      return invalid(
          EventError.INVALID_JSON,
          "not valid JSON: the bytes are not UTF-8 JSON text (malformed UTF-8, or a NUL byte as in"
              + " UTF-16 or UTF-32)");
    }
    String behind = framed == null ? "" : behind(framed, json, start);
    JsonNode root;
    try (JsonParser parser = mapper.createParser(json, start, json.length - start)) {
      root = BoundedJsonTree.read(parser);
      if (parser.nextToken() != null) {
        return invalid(EventError.INVALID_JSON, "trailing content after the JSON value" + behind);
      }
    } catch (IOException | RuntimeException e) {
      return invalid(
          EventError.INVALID_JSON, "not valid JSON" + behind + ": " + firstLine(e.getMessage()));
    }
    if (root == null) {
      return invalid(EventError.INVALID_JSON, "not valid JSON" + behind + ": no value, only whitespace");
    }
    if (!root.isObject()) {
      return invalid(EventError.NOT_AN_OBJECT, notAnObject(root));
    }
    if (connectEnvelope((ObjectNode) root)) {
      return invalid(
          EventError.INVALID_ENVELOPE,
          "the event is wrapped in Kafka Connect's {schema, payload} envelope (JsonConverter with"
              + " schemas.enable=true): set value.converter.schemas.enable=false");
    }
    return parseEnvelope((ObjectNode) root, recordKey, keyedByLeadId);
  }

  /**
   * Names the header of a framed value whose payload is not JSON: Avro without NUL bytes (an event
   * of strings only) passes for text until the parser meets its length bytes.
   */
  private static String behind(SchemaRegistryFraming.Payload framed, byte[] json, int start) {
    int first = start;
    while (first < json.length && (json[first] == ' ' || json[first] == '\t' || json[first] == '\n' || json[first] == '\r')) {
      first++;
    }
    boolean startsLikeJson = first < json.length && (json[first] == '{' || json[first] == '[' || json[first] == '"');
    return " behind "
        + framed.header()
        + (startsLikeJson ? "" : " (Avro or Protobuf there is not read, only JSON)");
  }

  private ParseResult parseEnvelope(ObjectNode root, String recordKey, boolean keyedByLeadId) {
    String eventId = text(root, "eventId");
    if (eventId == null
        || eventId.isEmpty()
        || eventId.codePointCount(0, eventId.length()) > 100) {
      return invalid(EventError.INVALID_ENVELOPE, "eventId must be a string of 1 to 100 characters");
    }
    if (DataValidator.hasLoneSurrogate(eventId)) {
      return invalid(EventError.INVALID_ENVELOPE, "eventId contains a lone UTF-16 surrogate");
    }
    String type = text(root, "type");
    if (type == null) {
      return invalid(EventError.INVALID_ENVELOPE, "type must be a string");
    }
    String leadId = text(root, "leadId");
    if (!isLeadId(leadId)) {
      return invalid(
          EventError.INVALID_ENVELOPE, "leadId must be 1 to 100 characters of [A-Za-z0-9_-]");
    }
    String workspaceId = text(root, "workspaceId");
    if (!isLeadId(workspaceId)) {
      return invalid(
          EventError.INVALID_ENVELOPE, "workspaceId must be 1 to 100 characters of [A-Za-z0-9_-]");
    }
    Instant occurredAt = instant(text(root, "occurredAt"));
    if (occurredAt == null) {
      return invalid(EventError.INVALID_ENVELOPE, "occurredAt must be an ISO 8601 date-time");
    }
    JsonNode dataNode = root.get("data");
    if (dataNode != null && !dataNode.isNull() && !dataNode.isObject()) {
      return invalid(EventError.INVALID_ENVELOPE, "data must be an object");
    }
    ObjectNode dataObject = dataNode instanceof ObjectNode o ? o : mapper.createObjectNode();
    if (!keyedByLeadId && !leadId.equals(recordKey)) {
      return invalid(EventError.KEY_MISMATCH, keyMismatch(recordKey));
    }
    try {
      return new ParseResult.Valid(
          switch (type) {
            case "LeadCreated" -> new LeadEvent.Created(
                eventId, leadId, workspaceId, occurredAt, data.createData(dataObject));
            case "LeadUpdated" -> new LeadEvent.Updated(
                eventId, leadId, workspaceId, occurredAt, data.updatePatch(dataObject));
            case "LeadContacted" -> contacted(eventId, leadId, workspaceId, occurredAt, dataObject);
            case "LeadDeleted" -> deleted(eventId, leadId, workspaceId, occurredAt, dataObject);
            default -> throw new UnknownType(type);
          });
    } catch (UnknownType e) {
      return invalid(
          EventError.UNKNOWN_TYPE,
          "unknown type '"
              + truncate(type)
              + "': expected LeadCreated, LeadUpdated, LeadContacted or LeadDeleted");
    } catch (InvalidField e) {
      return invalid(EventError.INVALID_FIELD, e.getMessage());
    }
  }

  private LeadEvent.Contacted contacted(
      String eventId, String leadId, String workspaceId, Instant occurredAt, ObjectNode data) {
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getKey().equals("channel") && !field.getKey().equals("note")) {
        throw new InvalidField("data." + field.getKey() + " is not a field of LeadContacted");
      }
    }
    String channel = DataValidator.optionalText(data, "channel", 100);
    if (channel != null && !DataValidator.CHANNELS.contains(channel)) {
      throw new InvalidField("data.channel must be one of: email, linkedin, phone, other");
    }
    // events.md: strings at most 1,000 characters, only the lead's `notes` 10,000
    String note = DataValidator.optionalText(data, "note", DataValidator.MAX_TEXT);
    return new LeadEvent.Contacted(eventId, leadId, workspaceId, occurredAt, channel, note);
  }

  private static LeadEvent.Deleted deleted(
      String eventId, String leadId, String workspaceId, Instant occurredAt, ObjectNode data) {
    if (data.size() > 0) {
      throw new InvalidField("LeadDeleted carries no data");
    }
    return new LeadEvent.Deleted(eventId, leadId, workspaceId, occurredAt);
  }

  static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    Instant canonical = InstantText.canonical(text);
    if (canonical != null) {
      return canonical;
    }
    // the other spellings first: a producer that writes one pays no exception per event
    Instant parsed = OtherDateTimeSpellings.read(text);
    if (parsed == null) {
      try {
        parsed = OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    // createdAt and the others are written as Instant#toString: a four-digit year in UTC, as
    // RFC 3339 (and the output schemas) require
    return parsed == null || parsed.isBefore(FIRST_WRITABLE) || parsed.isAfter(LAST_WRITABLE)
        ? null
        : parsed;
  }


  private static String text(ObjectNode root, String field) {
    JsonNode node = root.get(field);
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  private static String notAnObject(JsonNode root) {
    if (root.isTextual() && root.textValue().stripLeading().startsWith("{")) {
      return "the event is a JSON string holding JSON text, not a JSON object: it was encoded"
          + " twice (a JSON serializer given the event's text); send the object itself";
    }
    return "the event is not a JSON object";
  }

  /** Kafka Connect's JsonConverter with schemas: exactly {@code schema} and {@code payload}. */
  private static boolean connectEnvelope(ObjectNode root) {
    return root.size() == 2 && root.has("schema") && root.get("payload") instanceof ObjectNode;
  }

  private static String keyMismatch(String recordKey) {
    if (recordKey == null) {
      return "the record has no key: key each event by its leadId (UTF-8)";
    }
    if (!recordKey.isEmpty() && recordKey.charAt(0) == 0) {
      return "leadId does not equal the record key, which starts with a NUL byte as a schema"
          + " registry framing does: send the leadId as a plain UTF-8 string key";
    }
    return "leadId does not equal the record key";
  }

  private static ParseResult invalid(String code, String message) {
    return new ParseResult.Invalid(new EventError(code, message));
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return truncate(newline < 0 ? message : message.substring(0, newline));
  }

  private static String truncate(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "...";
  }

  private static final class UnknownType extends RuntimeException {
    UnknownType(String type) {
      super(type, null, false, false);
    }
  }
}
