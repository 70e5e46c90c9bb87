package ai.buena.leads.projection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The actual names of the product's topics on one cluster: the declared names of {@link Names},
 * behind an optional prefix, or renamed one by one for clusters with naming rules. Kafka Streams'
 * internal topics are not here: they follow the application id.
 */
public record TopicNames(
    String leadEvents,
    String deadLetters,
    String leadProjections,
    String statusCounts,
    String apiKeys) {

  private static final List<String> DECLARED =
      List.of(
          Names.LEAD_EVENTS,
          Names.LEAD_EVENTS_DLQ,
          Names.LEAD_PROJECTIONS,
          Names.LEAD_STATUS_COUNTS,
          Names.API_KEYS);
  private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9._-]{1,249}");

  public static final TopicNames DEFAULT = of("", Map.of());

  /**
   * @param prefix put before every declared name that {@code renamed} does not name
   * @param renamed declared name to actual name; the prefix does not apply to these
   * @throws IllegalArgumentException naming every unknown topic and illegal name
   */
  public static TopicNames of(String prefix, Map<String, String> renamed) {
    List<String> problems = new ArrayList<>();
    for (String declared : renamed.keySet()) {
      if (!DECLARED.contains(declared)) {
        problems.add("unknown topic " + declared + " (topics: " + String.join(", ", DECLARED) + ")");
      }
    }
    Map<String, String> actual = new LinkedHashMap<>();
    for (String declared : DECLARED) {
      String name = renamed.getOrDefault(declared, prefix + declared);
      if (!LEGAL.matcher(name).matches() || name.equals(".") || name.equals("..")) {
        problems.add(
            "topic name '" + name + "' is not a legal Kafka topic name (1 to 249 of A-Z a-z 0-9 . _ -)");
      }
      if (actual.containsValue(name)) {
        problems.add("two topics would both be named " + name);
      }
      actual.put(declared, name);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new TopicNames(
        actual.get(Names.LEAD_EVENTS),
        actual.get(Names.LEAD_EVENTS_DLQ),
        actual.get(Names.LEAD_PROJECTIONS),
        actual.get(Names.LEAD_STATUS_COUNTS),
        actual.get(Names.API_KEYS));
  }

  /** The actual name of a declared topic. */
  public String actual(String declared) {
    return switch (declared) {
      case Names.LEAD_EVENTS -> leadEvents;
      case Names.LEAD_EVENTS_DLQ -> deadLetters;
      case Names.LEAD_PROJECTIONS -> leadProjections;
      case Names.LEAD_STATUS_COUNTS -> statusCounts;
      case Names.API_KEYS -> apiKeys;
      default -> throw new IllegalArgumentException("unknown topic " + declared);
    };
  }
}
