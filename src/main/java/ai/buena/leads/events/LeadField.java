package ai.buena.leads.events;

import java.util.Arrays;
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

  private final String json;

  LeadField(String json) {
    this.json = json;
  }

  public String json() {
    return json;
  }

  public static Optional<LeadField> fromJson(String name) {
    return Arrays.stream(values()).filter(f -> f.json.equals(name)).findFirst();
  }
}
