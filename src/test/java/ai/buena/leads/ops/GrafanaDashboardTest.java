package ai.buena.leads.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dashboard's shape; MonitoringQueriesIT checks its queries against a real /metrics. */
class GrafanaDashboardTest {

  @Test
  void shouldShowIngestLagFreshnessDeadLettersHttpLatencyReadinessAndHeap() throws Exception {
    Set<String> metrics = new HashSet<>();
    for (String expression : GrafanaDashboard.expressions(GrafanaDashboard.read())) {
      PromQl.parse(expression).selectors().forEach(selector -> metrics.add(selector.metric()));
    }

    assertThat(metrics)
        .contains(
            "leads_events_applied_total",
            "kafka_consumer_fetch_manager_records_lag",
            "leads_freshness_seconds_bucket",
            "leads_events_dead_lettered_total",
            "http_server_requests_seconds_bucket",
            "leads_ready",
            "jvm_memory_used_bytes");
  }

  @Test
  void shouldQueryThroughTheImportedPrometheusDataSourceWithUniquePanelIds() throws Exception {
    JsonNode dashboard = GrafanaDashboard.read();
    List<Integer> ids = new ArrayList<>();

    assertThat(dashboard.at("/__inputs/0/name").asText()).isEqualTo("DS_PROMETHEUS");
    for (JsonNode panel : dashboard.path("panels")) {
      ids.add(panel.path("id").asInt());
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.at("/datasource/uid").asText()).isEqualTo("${DS_PROMETHEUS}");
        assertThat(PromQl.parse(target.path("expr").asText()).selectors()).isNotEmpty();
      }
    }
    assertThat(ids).doesNotHaveDuplicates();
  }

  @Test
  void shouldReadSelectorsLabelsAndGroupingOfAnExpression() {
    PromQl query =
        PromQl.parse(
            "histogram_quantile(0.99, sum by (le, route) (rate(http_server_requests_seconds_bucket"
                + "{instance=~\"$instance\",status=\"200\"}[$__rate_interval]))) > 0 and on (job) up");

    assertThat(query.selectors())
        .extracting(PromQl.Selector::metric)
        .containsExactly("http_server_requests_seconds_bucket", "up");
    assertThat(query.selectors().get(0).equalities()).containsExactly(java.util.Map.entry("status", "200"));
    assertThat(query.selectors().get(0).labels()).containsExactly("instance", "status");
    assertThat(query.groupingLabels()).containsExactly("le", "route", "job");
  }
}
