package ai.buena.leads.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The field rules of events.md for the {@code data} of LeadCreated and LeadUpdated. */
final class DataValidator {
  static final int MAX_TEXT = 1_000;
  static final int MAX_NOTES = 10_000;
  static final int MAX_TAGS = 50;
  static final int MAX_TAG_LENGTH = 50;
  static final int MAX_CUSTOM_FIELDS = 50;
  static final int MAX_CUSTOM_KEY_LENGTH = 100;
  static final Set<String> CHANNELS = Set.of("email", "linkedin", "phone", "other");
  /** LeadCreated: nulls mean absent; status and source get their defaults later. */
  LeadPatch createData(ObjectNode data) {
    Map<LeadField, Object> values = read(data);
    values.values().removeIf(v -> v == null);
    if (values.get(LeadField.CUSTOM_FIELDS) instanceof Map<?, ?> custom) {
      custom.values().removeIf(v -> v == null);
    }
    return new LeadPatch(values);
  }

  /** LeadUpdated: a JSON merge patch; status and source cannot be cleared. */
  LeadPatch updatePatch(ObjectNode data) {
    Map<LeadField, Object> values = read(data);
    for (LeadField required : List.of(LeadField.STATUS, LeadField.SOURCE)) {
      if (values.containsKey(required) && values.get(required) == null) {
        throw new InvalidField("data." + required.json() + " cannot be null");
      }
    }
    return new LeadPatch(values);
  }

  private Map<LeadField, Object> read(ObjectNode data) {
    Map<LeadField, Object> values = new EnumMap<>(LeadField.class);
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      LeadField field =
          LeadField.fromJson(entry.getKey())
              .orElseThrow(() -> new InvalidField("data." + entry.getKey() + " is not a lead field"));
      JsonNode node = entry.getValue();
      values.put(field, node.isNull() ? null : value(field, node));
    }
    return values;
  }

  private Object value(LeadField field, JsonNode node) {
    return switch (field) {
      case STATUS -> LeadStatus.fromWire(node.asText(""))
          .filter(s -> node.isTextual())
          .orElseThrow(
              () -> new InvalidField(
                  "data.status must be one of: new, contacted, replied, converted, cold"));
      case SOURCE -> LeadSource.fromWire(node.asText(""))
          .filter(s -> node.isTextual())
          .orElseThrow(
              () -> new InvalidField(
                  "data.source must be one of: linkedin, website, referral, import, api"));
      case EMAIL -> email(node);
      case NOTES -> text(field.json(), node, MAX_NOTES);
      case TAGS -> tags(node);
      case CUSTOM_FIELDS -> customFields(node);
      default -> text(field.json(), node, MAX_TEXT);
    };
  }

  private static String email(JsonNode node) {
    String email = text("email", node, MAX_TEXT);
    if (!EmailShape.matches(email)) {
      throw new InvalidField("data.email is not an e-mail address");
    }
    return email;
  }

  private static List<String> tags(JsonNode node) {
    if (!node.isArray()) {
      throw new InvalidField("data.tags must be an array of strings");
    }
    if (node.size() > MAX_TAGS) {
      throw new InvalidField("data.tags has " + node.size() + " tags, at most " + MAX_TAGS);
    }
    List<String> tags = new ArrayList<>(node.size());
    for (JsonNode tag : node) {
      if (!tag.isTextual()) {
        throw new InvalidField("data.tags must be an array of strings");
      }
      tags.add(text("tags[]", tag, MAX_TAG_LENGTH));
    }
    return tags;
  }

  private static Map<String, Object> customFields(JsonNode node) {
    if (!node.isObject()) {
      throw new InvalidField("data.customFields must be an object");
    }
    // nulls remove keys (an update) or are dropped (a create): only the values set count; an
    // update's result is checked against the lead (LeadTransitions)
    int set = 0;
    for (JsonNode value : node) {
      if (!value.isNull()) {
        set++;
      }
    }
    if (set > MAX_CUSTOM_FIELDS) {
      throw new InvalidField(
          "data.customFields sets " + set + " fields, at most " + MAX_CUSTOM_FIELDS);
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      if (key.isEmpty() || length(key) > MAX_CUSTOM_KEY_LENGTH) {
        throw new InvalidField("data.customFields keys must be 1 to 100 characters");
      }
      fields.put(key, customValue(key, entry.getValue()));
    }
    return fields;
  }

  private static Object customValue(String key, JsonNode value) {
    if (value.isNull()) {
      return null;
    }
    if (value.isTextual()) {
      return text("customFields." + key, value, MAX_TEXT);
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (BoundedJsonTree.isOverlongNumber(value)) {
      throw new InvalidField(
          "data.customFields." + key + " is a number longer than " + MAX_TEXT + " characters");
    }
    if (value.isNumber()) {
      // as stored and answered (BigDecimal's text): JSON parsers read numbers of at most 1,000
      // characters, and "9…9e5" of 1,000 grows to "9.9…9E+1003" when written back
      BigDecimal number = value.decimalValue();
      if (number.toString().length() > MAX_TEXT) {
        throw new InvalidField(
            "data.customFields." + key + " is a number longer than " + MAX_TEXT + " characters");
      }
      return number;
    }
    throw new InvalidField("data.customFields." + key + " must be a string, number or boolean");
  }

  static String optionalText(ObjectNode data, String name, int max) {
    JsonNode node = data.get(name);
    return node == null || node.isNull() ? null : text(name, node, max);
  }

  private static String text(String name, JsonNode node, int max) {
    if (!node.isTextual()) {
      throw new InvalidField("data." + name + " must be a string");
    }
    String text = node.textValue();
    if (length(text) > max) {
      throw new InvalidField("data." + name + " is longer than " + max + " characters");
    }
    if (hasLoneSurrogate(text)) {
      throw new InvalidField("data." + name + " contains a lone UTF-16 surrogate");
    }
    return text;
  }

  /**
   * Whether {@code text} holds a surrogate that is not half of a pair: JSON's {@code \ud800}
   * escapes allow it, but it is no Unicode character and has no UTF-8 form.
   */
  static boolean hasLoneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static int length(String text) {
    return text.codePointCount(0, text.length());
  }
}
