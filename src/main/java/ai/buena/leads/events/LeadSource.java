package ai.buena.leads.events;

import java.util.Arrays;
import java.util.Optional;

/** Lead source, spelled as the API prints it. */
public enum LeadSource {
  LINKEDIN("linkedin"),
  WEBSITE("website"),
  REFERRAL("referral"),
  IMPORT("import"),
  API("api");

  private final String wire;

  LeadSource(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Case-sensitive, as the API contract requires. */
  public static Optional<LeadSource> fromWire(String value) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
  }
}
