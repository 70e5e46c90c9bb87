package ai.buena.leads.http;

import static ai.buena.leads.testing.ClosedConnections.closeAfterAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LeadQueryService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /health/live answers until the service is down for good; /health/ready only when ready. */
class HealthRoutesTest {
  private final AtomicReference<Readiness.Status> readiness =
      new AtomicReference<>(Readiness.Status.notReady("projection is REBALANCING"));
  private ApiServer server;

  @BeforeEach
  void start() {
    LeadQueryService noQueries =
        new LeadQueryService() {
          @Override
          public LeadPage list(String workspaceId, LeadQuery query) {
            throw new UnsupportedOperationException();
          }

          @Override
          public Optional<Lead> get(String workspaceId, String leadId) {
            throw new UnsupportedOperationException();
          }
        };
    server = ApiServer.start(0, readiness::get, noQueries, hash -> Optional.empty());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send("GET", path);
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            closeAfterAnswer(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .version(HttpClient.Version.HTTP_1_1))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAnswerAHeadRequestWithItsGetsStatusAndTypeButNoBody() throws Exception {
    for (String path : new String[] {"/health/ready", "/health/live", ApiServer.OPENAPI}) {
      HttpResponse<String> get = get(path);
      HttpResponse<String> head = send("HEAD", path);

      assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode());
      assertThat(head.headers().firstValue("Content-Type"))
          .as(path)
          .isEqualTo(get.headers().firstValue("Content-Type"));
      assertThat(head.body()).as(path).isEmpty();
    }
  }

  @Test
  void shouldAnswerLiveWhileTheProcessRuns() throws Exception {
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswerNotLiveWithTheReasonOnceTheServiceIsPermanentlyDown() throws Exception {
    readiness.set(Readiness.Status.down("projection stopped: ERROR (only a restart helps)"));

    HttpResponse<String> live = get("/health/live");

    assertThat(live.statusCode()).isEqualTo(503);
    assertThat(live.body()).contains("\"status\":\"down\"").contains("projection stopped: ERROR");
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);
  }

  @Test
  void shouldStayLiveWhileMerelyNotReady() throws Exception {
    readiness.set(Readiness.Status.notReady("stores are restoring: 10 records behind"));

    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswerNotReadyWithTheReasonUntilTheProjectionCanAnswer() throws Exception {
    HttpResponse<String> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body()).contains("projection is REBALANCING");
  }

  @Test
  void shouldAnswerReadyOnceTheProjectionCanAnswer() throws Exception {
    readiness.set(Readiness.Status.ok());

    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
  }
}
