package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpMetricsTest {
  private static final String LEADS = "/api/v2/leads";

  @Test
  void shouldCountEveryRequestInTheTimerOfItsMethodRouteAndStatus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (RunningApi api = new RunningApi(registry)) {
      String key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");

      for (int limit = 1; limit <= 3; limit++) {
        assertThat(api.get(LEADS + "?limit=" + limit, key).status()).isEqualTo(200);
      }
      assertThat(api.get(LEADS).status()).isEqualTo(401);

      // the request log runs once the answer is sent, so just after the client has it
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(count(registry, "200")).isEqualTo(3);
                assertThat(count(registry, "401")).isEqualTo(1);
              });
      assertThat(api.get("/metrics").body())
          .contains(
              "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v2/leads\",status=\"200\"} 3");
    }
  }

  @Test
  void shouldSayTheMetricsAnswerVariesByAcceptEncoding() {
    try (RunningApi api = new RunningApi(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
      assertThat(api.get("/metrics").header("Vary")).contains("Accept-Encoding");
      assertThat(api.get("/health/ready").header("Vary")).contains("Accept-Encoding");
    }
  }

  @Test
  void shouldCountAnswersGivenBeforeARouteMatchedUnderTheRouteThePathNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (RunningApi api = new RunningApi(registry)) {
      String writeOnly = api.keys.issue(WorkspaceLeads.ALPHA, "leads:write");

      assertThat(api.get(LEADS).status()).isEqualTo(401);
      assertThat(api.get(LEADS + "/lead_abc123", writeOnly).status()).isEqualTo(403);

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(api.get("/metrics").body())
                      .contains(
                          "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v2/leads\",status=\"401\"} 1",
                          "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v2/leads/{id}\",status=\"403\"} 1"));
    }
  }

  @Test
  void shouldNameKnownRoutesOnlyWhenNoRouteMatched() {
    assertThat(HttpMetrics.publicRoute("/api/v2/leads/")).isEqualTo("/api/v2/leads");
    assertThat(HttpMetrics.publicRoute("/api/v2/leads/lead_1")).isEqualTo(ApiServer.LEAD);
    assertThat(HttpMetrics.publicRoute("/api/v2/leads/lead_1/x")).isEqualTo("unmatched");
    assertThat(HttpMetrics.publicRoute("/api/v2/nope")).isEqualTo("unmatched");
  }

  @Test
  void shouldCountRequestsOfMethodsItDoesNotKnowUnderOneMethodLabel() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (RunningApi api = new RunningApi(registry)) {
      for (int i = 0; i < 20; i++) {
        rawRequest(api.port(), "QZXWV" + i + " /api/v2/leads HTTP/1.1");
      }

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(registry.find("http.server.requests").timers().stream()
                          .map(timer -> timer.getId().getTag("method"))
                          .distinct())
                      .containsExactly("OTHER"));
    }
  }

  @Test
  void shouldShowTheLeadsHeldByAnswersAndTheirBound() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (RunningApi api = new RunningApi(registry)) {
      String key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
      assertThat(api.get(LEADS + "?limit=3", key).status()).isEqualTo(200);

      String scraped = api.get("/metrics").body();

      assertThat(scraped)
          .contains("leads_lead_memory_held_bytes 0.0")
          .containsPattern("leads_lead_memory_budget_bytes [1-9][0-9.E]*\\n");
    }
  }

  private static long count(PrometheusMeterRegistry registry, String status) {
    // a request refused before its route ran is counted under route "*"
    return registry.find("http.server.requests").tags("method", "GET", "status", status).timers()
        .stream()
        .mapToLong(Timer::count)
        .sum();
  }

  /** One request line sent as is (no client would send such a method), the answer read to its end. */
  private static void rawRequest(int port, String requestLine) throws IOException {
    try (Socket socket = new Socket("localhost", port)) {
      socket.getOutputStream()
          .write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      socket.getInputStream().readAllBytes();
    }
  }
}
