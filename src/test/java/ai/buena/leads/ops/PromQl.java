package ai.buena.leads.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The series a PromQL expression reads: each selector's metric name and label matchers, and the
 * labels it groups by. Enough PromQL for dashboards and alerts, not a parser of the whole language.
 */
record PromQl(List<Selector> selectors, Set<String> groupingLabels) {
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*\\]");
  private static final Pattern TOKEN =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{([^}]*)\\})?(\\s*\\()?");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!=|!~|=)\\s*\"([^\"]*)\"");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

  /** One series selector: {@code name{label="value"}}; matchers keep the operator. */
  record Selector(String metric, Map<String, String> equalities, Set<String> labels) {}

  static PromQl parse(String expression) {
    Matcher labelValues = LABEL_VALUES.matcher(expression.trim());
    if (labelValues.matches()) {
      return new PromQl(
          List.of(new Selector(labelValues.group(1), Map.of(), Set.of(labelValues.group(2)))),
          Set.of());
    }
    Set<String> grouping = new LinkedHashSet<>();
    Matcher groups = GROUPING.matcher(expression);
    while (groups.find()) {
      for (String label : groups.group(1).split(",")) {
        if (!label.isBlank()) {
          grouping.add(label.trim());
        }
      }
    }
    String rest = RANGE.matcher(GROUPING.matcher(expression).replaceAll(" ")).replaceAll(" ");
    List<Selector> selectors = new ArrayList<>();
    Matcher tokens = TOKEN.matcher(rest);
    while (tokens.find()) {
      boolean function = tokens.group(4) != null;
      if (function || KEYWORDS.contains(tokens.group(1))) {
        continue;
      }
      Map<String, String> equalities = new LinkedHashMap<>();
      Set<String> labels = new LinkedHashSet<>();
      if (tokens.group(3) != null) {
        Matcher matchers = MATCHER.matcher(tokens.group(3));
        while (matchers.find()) {
          labels.add(matchers.group(1));
          if (matchers.group(2).equals("=") && !matchers.group(3).contains("$")) {
            equalities.put(matchers.group(1), matchers.group(3));
          }
        }
      }
      selectors.add(new Selector(tokens.group(1), equalities, labels));
    }
    return new PromQl(selectors, grouping);
  }
}
