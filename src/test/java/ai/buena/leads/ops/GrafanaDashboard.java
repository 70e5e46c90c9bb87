package ai.buena.leads.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** ops/grafana/lead-projection.json, read as JSON. */
final class GrafanaDashboard {
  static final Path FILE = Path.of("ops/grafana/lead-projection.json");

  private GrafanaDashboard() {}

  static JsonNode read() throws IOException {
    return new ObjectMapper().readTree(FILE.toFile());
  }

  /** Every PromQL expression: the panels' queries and the variables' queries. */
  static List<String> expressions(JsonNode dashboard) {
    List<String> expressions = new ArrayList<>();
    dashboard.path("panels").forEach(panel ->
        panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
    dashboard.at("/templating/list").forEach(variable -> {
      JsonNode query = variable.path("query");
      expressions.add(query.isObject() ? query.path("query").asText() : query.asText());
    });
    return expressions;
  }
}
