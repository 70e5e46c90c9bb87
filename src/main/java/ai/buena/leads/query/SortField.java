package ai.buena.leads.query;

import java.util.Arrays;
import java.util.Optional;

/** The fields {@code GET /api/v2/leads} can sort by, spelled as the {@code sortBy} parameter. */
public enum SortField {
  CREATED_AT("createdAt"),
  UPDATED_AT("updatedAt"),
  FIRST_NAME("firstName"),
  LAST_NAME("lastName"),
  COMPANY("company"),
  LAST_CONTACTED_AT("lastContactedAt");

  private final String wire;

  SortField(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Case-sensitive, as the API contract requires. */
  public static Optional<SortField> fromWire(String value) {
    return Arrays.stream(values()).filter(f -> f.wire.equals(value)).findFirst();
  }
}
