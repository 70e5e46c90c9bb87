package ai.buena.leads.projection;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the projection treats the partition an event arrives on. {@link #CHECKED}: producers must use
 * Java's default partitioner (murmur2 of the leadId key); an event on another partition is
 * dead-lettered {@code WRONG_PARTITION}. {@link #ANY}: the input is first re-partitioned by leadId
 * through an internal topic, so any partitioner works, at the cost of one more record per event.
 */
public enum InputPartitioning {
  CHECKED,
  ANY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static InputPartitioning fromWire(String text) {
    for (InputPartitioning mode : values()) {
      if (mode.wire().equals(text)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "must be one of: "
            + Arrays.stream(values()).map(InputPartitioning::wire).collect(Collectors.joining(", ")));
  }
}
