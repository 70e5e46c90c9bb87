package ai.buena.leads.runtime.generate;

import ai.buena.leads.events.LeadField;
import ai.buena.leads.events.LeadPatch;
import ai.buena.leads.events.LeadStatus;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generator's running picture of a lead, so each patch makes sense against the lead it changes.
 */
final class LeadDraft {
  private final Map<LeadField, Object> fields = new EnumMap<>(LeadField.class);
  private final Map<String, Object> customFields = new LinkedHashMap<>();

  void apply(LeadPatch patch) {
    patch.values().forEach(this::apply);
  }

  void markContacted() {
    if (status() == LeadStatus.NEW) {
      fields.put(LeadField.STATUS, LeadStatus.CONTACTED);
    }
  }

  String text(LeadField field) {
    return (String) fields.get(field);
  }

  boolean isSet(LeadField field) {
    return fields.get(field) != null;
  }

  LeadStatus status() {
    Object status = fields.get(LeadField.STATUS);
    return status == null ? LeadStatus.NEW : (LeadStatus) status;
  }

  Map<String, Object> customFields() {
    return customFields;
  }

  private void apply(LeadField field, Object value) {
    if (field != LeadField.CUSTOM_FIELDS) {
      fields.put(field, value);
      return;
    }
    if (value == null) {
      customFields.clear();
      return;
    }
    ((Map<?, ?>) value)
        .forEach(
            (key, fieldValue) -> {
              if (fieldValue == null) {
                customFields.remove((String) key);
              } else {
                customFields.put((String) key, fieldValue);
              }
            });
  }
}
