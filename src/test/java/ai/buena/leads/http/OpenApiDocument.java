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
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The served {@code openapi.json} as a validator of real answers: the schema of an operation's
 * answer status applied to its body. OpenAPI 3.0's schemas are JSON Schema draft 4 with {@code
 * nullable}, written here as JSON Schema's {@code null} type so that absent fields are checked as
 * the document means.
 */
final class OpenApiDocument {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4);
  static final OpenApiDocument SERVED = read();

  private final JsonNode paths;
  private final JsonNode components;

  private OpenApiDocument(JsonNode document) {
    paths = document.get("paths");
    components = withNullTypes(document.get("components").deepCopy());
  }

  private static OpenApiDocument read() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.json")) {
      return new OpenApiDocument(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the schema of the answer's status of {@code method path} finds wrong in its body. */
  List<String> problems(String path, String method, ApiResponse answer) {
    JsonNode response = paths.get(path).get(method).get("responses").get(Integer.toString(answer.status()));
    assertThat(response).as("status %d of %s %s is documented", answer.status(), method, path).isNotNull();
    ObjectNode schema = resolve(response).at("/content/application~1json/schema").deepCopy();
    schema.set("components", components);
    try {
      return SCHEMAS.getSchema(schema.toString()).validate(JSON.readTree(answer.body())).stream()
          .map(Error::toString)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    return ref == null ? node : resolve(components.at(ref.asText().substring("#/components".length())));
  }

  /** {@code type: X, nullable: true} as {@code type: [X, "null"]}, everywhere in {@code node}. */
  private static JsonNode withNullTypes(JsonNode node) {
    if (node instanceof ObjectNode object) {
      if (object.path("nullable").asBoolean(false) && object.get("type") != null && object.get("type").isTextual()) {
        object.set("type", object.arrayNode().add(object.get("type").asText()).add("null"));
        if (object.get("enum") instanceof ArrayNode values) {
          values.addNull();
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
        withNullTypes(fields.next().getValue());
      }
    } else if (node instanceof ArrayNode array) {
      array.forEach(OpenApiDocument::withNullTypes);
    }
    return node;
  }
}
