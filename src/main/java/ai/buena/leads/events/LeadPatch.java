package ai.buena.leads.events;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The fields present in an event's {@code data}, already validated. A present key with a {@code null}
 * value clears the field. Values are: {@code String} for text fields, {@link LeadStatus}, {@link
 * LeadSource}, {@code List<String>} for tags and {@code Map<String, Object>} for custom fields (where
 * a {@code null} value removes that key).
 */
public record LeadPatch(Map<LeadField, Object> values) {
  public static final LeadPatch EMPTY = new LeadPatch(Map.of());

  public LeadPatch {
    EnumMap<LeadField, Object> copy = new EnumMap<>(LeadField.class);
    copy.putAll(values);
    values = Collections.unmodifiableMap(copy);
  }

  public boolean has(LeadField field) {
    return values.containsKey(field);
  }

  public Object get(LeadField field) {
    return values.get(field);
  }

  @SuppressWarnings("unchecked")
  public List<String> tags() {
    return (List<String>) values.get(LeadField.TAGS);
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> customFields() {
    return (Map<String, Object>) values.get(LeadField.CUSTOM_FIELDS);
  }
}
