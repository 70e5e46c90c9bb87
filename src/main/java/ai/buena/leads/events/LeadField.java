package ai.buena.leads.events;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The lead fields an event may carry in {@code data}, with their JSON names. */
public enum LeadField {
  FIRST_NAME("firstName"),
  LAST_NAME("lastName"),
  EMAIL("email"),
  LINKEDIN_URL("linkedinUrl"),
  COMPANY("company"),
  TITLE("title"),
  PHONE("phone"),
  LOCATION("location"),
  STATUS("status"),
  SOURCE("source"),
  NOTES("notes"),
  TAGS("tags"),
  CUSTOM_FIELDS("customFields");

  private static final Map<String, LeadField> BY_JSON = new HashMap<>();

  static {
    for (LeadField field : values()) {
      BY_JSON.put(field.json, field);
    }
  }

  private final String json;

  LeadField(String json) {
    this.json = json;
  }

  public String json() {
    return json;
  }

  public static Optional<LeadField> fromJson(String name) {
    return Optional.ofNullable(BY_JSON.get(name));
  }
}
