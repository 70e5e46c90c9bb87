package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.query.QueryTooExpensiveException;
import ai.buena.leads.query.UnavailableException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real error answers of {@code GET /api/v2/leads} validated against the schema the served
 * document gives their status: a client generated from it, or a validator, must read them. (The
 * document's schemas are OpenAPI 3.0's JSON Schema, draft 4 with {@code nullable}; error bodies use
 * no {@code nullable}.)
 */
class OpenApiErrorBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
  private static JsonNode document;

  private RunningApi api;
  private String key;

  @BeforeAll
  static void readTheDocument() throws IOException {
    try (InputStream in = OpenApiErrorBodiesTest.class.getResourceAsStream("/openapi.json")) {
      document = JSON.readTree(in);
    }
  }

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

  /** What the schema of this status of the list operation finds wrong in the answer's body. */
  private static List<String> problems(String status, ApiResponse answer) {
    assertThat(answer.status()).isEqualTo(Integer.parseInt(status));
    JsonNode response = resolve(document.at("/paths/~1api~1v2~1leads/get/responses/" + status));
    ObjectNode schema = response.at("/content/application~1json/schema").deepCopy();
    schema.set("components", document.get("components"));
    try {
      return SCHEMAS.getSchema(schema.toString()).validate(JSON.readTree(answer.body())).stream()
          .map(Error::toString)
          .toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    return ref == null ? node : resolve(document.at(ref.asText().substring(1)));
  }
}
