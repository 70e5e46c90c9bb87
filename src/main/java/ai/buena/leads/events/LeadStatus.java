package ai.buena.leads.events;

import java.util.Arrays;
import java.util.Optional;

/** Lead status, spelled as the API prints it. */
public enum LeadStatus {
  NEW("new"),
  CONTACTED("contacted"),
  REPLIED("replied"),
  CONVERTED("converted"),
  COLD("cold");

  private final String wire;

  LeadStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Case-sensitive, as the API contract requires. */
  public static Optional<LeadStatus> fromWire(String value) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(value)).findFirst();
  }
}
