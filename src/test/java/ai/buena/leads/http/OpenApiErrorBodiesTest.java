package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.query.QueryTooExpensiveException;
import ai.buena.leads.query.UnavailableException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real error answers of {@code GET /api/v2/leads} validated against the schema the served
 * document gives their status ({@link OpenApiDocument}): a client generated from it, or a
 * validator, must read them.
 */
class OpenApiErrorBodiesTest {
  private RunningApi api;
  private String key;

  @BeforeEach
  void start() {
    api = new RunningApi();
    key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void shouldAnswerAnUnavailableListWithABodyItsSchemaAccepts() {
    api.queries.failWith(new UnavailableException("restoring", Duration.ofSeconds(2)));

    assertThat(problems("503", api.get("/api/v2/leads", key))).isEmpty();
  }

  @Test
  void shouldAnswerATooExpensiveListWithABodyItsSchemaAccepts() {
    api.queries.failWith(new QueryTooExpensiveException("more than the budget"));

    assertThat(problems("503", api.get("/api/v2/leads", key))).isEmpty();
  }

  @Test
  void shouldAnswerInvalidParametersWithABodyItsSchemaAccepts() {
    assertThat(problems("400", api.get("/api/v2/leads?limit=0&status=nope", key))).isEmpty();
  }

  @Test
  void shouldAnswerAMissingKeyWithABodyItsSchemaAccepts() {
    assertThat(problems("401", api.get("/api/v2/leads"))).isEmpty();
  }

  private static List<String> problems(String status, ApiResponse answer) {
    assertThat(answer.status()).isEqualTo(Integer.parseInt(status));
    return OpenApiDocument.SERVED.problems("/api/v2/leads", "get", answer);
  }
}
