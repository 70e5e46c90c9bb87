package ai.buena.leads.runtime.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The field rules of {@code events.md}, written out independently of the production code. */
public final class EventContract {
  public static final List<String> ENVELOPE_FIELDS =
      List.of("eventId", "type", "leadId", "workspaceId", "occurredAt", "data");
  public static final Set<String> TYPES =
      Set.of("LeadCreated", "LeadUpdated", "LeadContacted", "LeadDeleted");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  private static final Pattern UTC_SECONDS =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Set<String> LEAD_FIELDS =
      Set.of(
          "firstName",
          "lastName",
          "email",
          "linkedinUrl",
          "company",
          "title",
          "phone",
          "location",
          "status",
          "source",
          "notes",
          "tags",
          "customFields");
  private static final Set<String> STATUSES =
      Set.of("new", "contacted", "replied", "converted", "cold");
  private static final Set<String> SOURCES =
      Set.of("linkedin", "website", "referral", "import", "api");
  private static final Set<String> CHANNELS = Set.of("email", "linkedin", "phone", "other");

  private EventContract() {}

  public static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  /** Parses one NDJSON line and checks it against every rule of the contract. */
  public static JsonNode assertValidLine(String line) {
    assertThat(line).doesNotContain("\n").doesNotContain("\r");
    JsonNode event = parse(line);
    assertThat(event.isObject()).as(line).isTrue();
    List<String> fields = new ArrayList<>();
    event.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).as(line).containsExactlyElementsOf(ENVELOPE_FIELDS);

    assertThat(text(event, "eventId")).hasSizeBetween(1, 100);
    assertThat(text(event, "type")).isIn(TYPES);
    assertThat(text(event, "leadId")).matches(ID);
    assertThat(text(event, "workspaceId")).matches(ID);
    String occurredAt = text(event, "occurredAt");
    assertThat(occurredAt).matches(UTC_SECONDS);
    assertThat(Instant.parse(occurredAt).toString()).isEqualTo(occurredAt);
    assertThat(event.get("data").isObject()).as(line).isTrue();

    JsonNode data = event.get("data");
    switch (text(event, "type")) {
      case "LeadCreated" -> assertValidCreated(data, line);
      case "LeadUpdated" -> assertValidUpdate(data, line);
      case "LeadContacted" -> assertValidContact(data, line);
      default -> assertThat(data.size()).as(line).isZero();
    }
    return event;
  }

  private static void assertValidCreated(JsonNode data, String line) {
    assertThat(data.get("status").asText()).isIn(STATUSES);
    assertThat(data.get("source").asText()).isIn(SOURCES);
    assertThat(data.get("firstName").isTextual()).as(line).isTrue();
    assertThat(data.get("lastName").isTextual()).as(line).isTrue();
    assertThat(data.get("email").isTextual()).as(line).isTrue();
    assertValidLeadFields(data, line, false);
  }

  private static void assertValidUpdate(JsonNode data, String line) {
    assertThat(data.size()).as(line).isPositive();
    assertValidLeadFields(data, line, true);
  }

  private static void assertValidLeadFields(JsonNode data, String line, boolean isPatch) {
    for (Map.Entry<String, JsonNode> field : data.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      assertThat(name).as(line).isIn(LEAD_FIELDS);
      if (value.isNull()) {
        continue;
      }
      switch (name) {
        case "tags" -> assertValidTags(value, line);
        case "customFields" -> assertValidCustomFields(value, line, isPatch);
        default -> assertValidText(name, value, line);
      }
    }
  }

  private static void assertValidText(String name, JsonNode value, String line) {
    assertThat(value.isTextual()).as(line + " " + name).isTrue();
    String text = value.asText();
    assertThat(text).as(line).hasSizeLessThanOrEqualTo(name.equals("notes") ? 10_000 : 1000);
    switch (name) {
      case "status" -> assertThat(text).as(line).isIn(STATUSES);
      case "source" -> assertThat(text).as(line).isIn(SOURCES);
      case "email" -> assertThat(text).as(line).matches(EMAIL);
      default -> {}
    }
  }

  private static void assertValidTags(JsonNode tags, String line) {
    assertThat(tags.isArray()).as(line).isTrue();
    assertThat(tags.size()).as(line).isLessThanOrEqualTo(50);
    for (JsonNode tag : tags) {
      assertThat(tag.isTextual()).as(line).isTrue();
      assertThat(tag.asText()).as(line).hasSizeBetween(1, 50);
    }
  }

  private static void assertValidCustomFields(JsonNode fields, String line, boolean isPatch) {
    assertThat(fields.isObject()).as(line).isTrue();
    assertThat(fields.size()).as(line).isLessThanOrEqualTo(50);
    for (Map.Entry<String, JsonNode> field : fields.properties()) {
      assertThat(field.getKey()).as(line).hasSizeBetween(1, 100);
      JsonNode value = field.getValue();
      boolean allowed =
          value.isTextual() || value.isNumber() || value.isBoolean() || (isPatch && value.isNull());
      assertThat(allowed).as(line + " " + field.getKey()).isTrue();
      if (value.isTextual()) {
        assertThat(value.asText()).as(line).hasSizeLessThanOrEqualTo(1000);
      }
    }
  }

  private static void assertValidContact(JsonNode data, String line) {
    for (Map.Entry<String, JsonNode> field : data.properties()) {
      assertThat(field.getKey()).as(line).isIn("channel", "note");
      assertThat(field.getValue().isTextual()).as(line).isTrue();
    }
    if (data.has("channel")) {
      assertThat(data.get("channel").asText()).as(line).isIn(CHANNELS);
    }
    if (data.has("note")) {
      assertThat(data.get("note").asText()).as(line).hasSizeLessThanOrEqualTo(1000);
    }
  }

  private static String text(JsonNode event, String field) {
    JsonNode value = event.get(field);
    assertThat(value).as(field).isNotNull();
    assertThat(value.isTextual()).as(field).isTrue();
    return value.asText();
  }
}
