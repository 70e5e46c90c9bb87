package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real answers of every route, validated against the schema the served document gives their
 * operation and status. OpenAPI 3.0's {@code nullable} is written as JSON Schema's {@code null}
 * type first, so that a lead's absent fields ({@code null}) are checked as the document means.
 */
class OpenApiAnswerBodiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
  private static JsonNode components;
  private static JsonNode paths;

  private WritingApi api;
  private String writer;

  @BeforeAll
  static void readTheDocument() throws IOException {
    try (InputStream in = OpenApiAnswerBodiesTest.class.getResourceAsStream("/openapi.json")) {
      JsonNode document = JSON.readTree(in);
      components = withNullTypes(document.get("components").deepCopy());
      paths = document.get("paths");
    }
  }

  @BeforeEach
  void start() {
    api = new WritingApi();
    writer = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read", "leads:write");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void shouldAnswerAListWhoseBodyItsSchemaAccepts() {
    ApiResponse answer = api.send("GET", "/api/v2/leads?limit=100", writer, null);

    assertThat(problems("/api/v2/leads", "get", answer)).isEmpty();
  }

  @Test
  void shouldAnswerOneLeadWithABodyItsSchemaAccepts() {
    ApiResponse answer = api.send("GET", "/api/v2/leads/" + WorkspaceLeads.BARE.id(), writer, null);

    assertThat(problems("/api/v2/leads/{id}", "get", answer)).isEmpty();
  }

  @Test
  void shouldAnswerACreateWithABodyItsSchemaAccepts() {
    ApiResponse answer =
        api.send(
            "POST",
            "/api/v2/leads",
            writer,
            "{\"firstName\":\"Ada\",\"customFields\":{\"seats\":12,\"vip\":true,\"note\":\"x\"}}");

    assertThat(problems("/api/v2/leads", "post", answer)).isEmpty();
  }

  @Test
  void shouldAnswerAnUpdateWithABodyItsSchemaAccepts() {
    ApiResponse answer =
        api.send(
            "PUT",
            "/api/v2/leads/" + WorkspaceLeads.JOHN.id(),
            writer,
            "{\"company\":null,\"customFields\":{\"budget\":null}}");

    assertThat(problems("/api/v2/leads/{id}", "put", answer)).isEmpty();
  }

  @Test
  void shouldAnswerADeleteWithABodyItsSchemaAccepts() {
    ApiResponse answer = api.send("DELETE", "/api/v2/leads/" + WorkspaceLeads.JANE.id(), writer, null);

    assertThat(problems("/api/v2/leads/{id}", "delete", answer)).isEmpty();
  }

  @Test
  void shouldAnswerTheKeysHealthWithABodyItsSchemaAccepts() {
    ApiResponse answer = api.send("GET", "/api/v2/health", writer, null);

    assertThat(problems("/api/v2/health", "get", answer)).isEmpty();
  }

  /** What the schema of this operation's answer status finds wrong in the answer's body. */
  private static List<String> problems(String path, String method, ApiResponse answer) {
    JsonNode response = paths.get(path).get(method).get("responses").get(Integer.toString(answer.status()));
    assertThat(response).as("status %d of %s %s is documented", answer.status(), method, path).isNotNull();
    ObjectNode schema = resolve(response).at("/content/application~1json/schema").deepCopy();
    schema.set("components", components);
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
    return ref == null ? node : resolve(components.at(ref.asText().substring("#/components".length())));
  }

  /** {@code type: X, nullable: true} as {@code type: [X, "null"]}, everywhere in {@code node}. */
  private static JsonNode withNullTypes(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.path("nullable").asBoolean(false) && object.get("type") != null && object.get("type").isTextual()) {
        ArrayNode types = object.arrayNode().add(object.get("type").asText()).add("null");
        object.set("type", types);
        JsonNode allowed = object.get("enum");
        if (allowed instanceof ArrayNode values) {
          values.addNull();
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
        withNullTypes(fields.next().getValue());
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(OpenApiAnswerBodiesTest::withNullTypes);
    }
    return node;
  }
}
