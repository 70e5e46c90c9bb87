package ai.buena.leads.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.testing.Directories;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import ai.buena.leads.testing.HttpCalls;
import ai.buena.leads.testing.RunningApp;
import ai.buena.leads.testing.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every query of the Grafana dashboard (ops/grafana/lead-projection.json) and of the alert rules
 * (ops/prometheus/alerts.yml) reads series a running instance exports on /metrics: metric names,
 * label names, and literal label values.
 */
class MonitoringQueriesIT {
  /** Added by Prometheus when it scrapes, not by the service. */
  private static final Set<String> TARGET_LABELS = Set.of("instance", "job");
  /** Series Prometheus makes itself for every target. */
  private static final Set<String> SCRAPE_SERIES = Set.of("up");
  private static final Path ALERTS = Path.of("ops/prometheus/alerts.yml");
  /** Kafka client metrics appear once the consumers have fetched. */
  private static final Duration METRICS_DEADLINE = Duration.ofSeconds(90);

  @Test
  void shouldQueryOnlySeriesTheServiceExportsInTheDashboardAndTheAlerts() throws Exception {
    List<String> expressions = new ArrayList<>(GrafanaDashboard.expressions(GrafanaDashboard.read()));
    expressions.addAll(alertExpressions());
    assertThat(expressions).hasSizeGreaterThan(GrafanaDashboard.expressions(GrafanaDashboard.read()).size());
    Path dataDir = Files.createTempDirectory("dashboard-it");
    try (RunningApp app =
        RunningApp.start(
            RunningApp.config(SharedKafka.uniqueName("dashboard"), dataDir, "exactly_once_v2"))) {
      String base = "http://localhost:" + app.app().httpPort();
      await().atMost(SharedKafka.DEADLINE).until(() -> app.app().awaitRunning(Duration.ofSeconds(1)));

      await()
          .atMost(METRICS_DEADLINE)
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                HttpCalls.get(base + "/health/ready", Map.of());
                MetricsScrape scrape = MetricsScrape.parse(HttpCalls.get(base + "/metrics", Map.of()).body());
                assertThat(problems(expressions, scrape)).isEmpty();
              });
    } finally {
      Directories.deleteRecursively(dataDir);
    }
  }

  private static List<String> alertExpressions() throws java.io.IOException {
    List<String> expressions = new ArrayList<>();
    JsonNode rules = new YAMLMapper().readTree(ALERTS.toFile());
    rules.path("groups").forEach(group ->
        group.path("rules").forEach(rule -> expressions.add(rule.path("expr").asText())));
    return expressions;
  }

  private static List<String> problems(List<String> expressions, MetricsScrape scrape) {
    List<String> problems = new ArrayList<>();
    for (String expression : expressions) {
      PromQl query = PromQl.parse(expression);
      for (PromQl.Selector selector : query.selectors()) {
        String metric = selector.metric();
        if (SCRAPE_SERIES.contains(metric)) {
          continue;
        }
        if (!scrape.has(metric)) {
          problems.add(metric + " is not on /metrics (in " + expression + ")");
          continue;
        }
        for (String label : selector.labels()) {
          if (!TARGET_LABELS.contains(label) && !scrape.hasLabel(metric, label)) {
            problems.add(metric + " has no label " + label);
          }
        }
        selector.equalities().forEach((label, value) -> {
          if (!TARGET_LABELS.contains(label) && !scrape.hasLabelValue(metric, label, value)) {
            problems.add(metric + " has no series with " + label + "=\"" + value + "\"");
          }
        });
      }
      for (String label : query.groupingLabels()) {
        boolean found =
            TARGET_LABELS.contains(label)
                || query.selectors().stream().anyMatch(s -> scrape.hasLabel(s.metric(), label));
        if (!found) {
          problems.add("no metric of " + expression + " has the label " + label);
        }
      }
    }
    return problems;
  }
}
