package ai.buena.leads.projection;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the projection treats the partition an event arrives on. {@link #CHECKED}: producers must use
 * Java's default partitioner (murmur2 of the leadId key); an event on another partition is
 * dead-lettered {@code WRONG_PARTITION}. {@link #ANY}: such an event is moved to its lead's
 * partition through an internal topic and applied there, so any partitioner works; an event on its
 * lead's partition is applied where it arrives.
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
