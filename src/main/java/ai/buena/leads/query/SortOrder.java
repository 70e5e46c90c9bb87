package ai.buena.leads.query;

import java.util.Arrays;
import java.util.Optional;

/** Sort direction, spelled as the {@code sortOrder} parameter. */
public enum SortOrder {
  ASC("asc"),
  DESC("desc");

  private final String wire;

  SortOrder(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** Case-sensitive, as the API contract requires. */
  public static Optional<SortOrder> fromWire(String value) {
    return Arrays.stream(values()).filter(o -> o.wire.equals(value)).findFirst();
  }
}
