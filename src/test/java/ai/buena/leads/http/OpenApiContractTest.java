package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.http.ListLeadsParams.ParseResult;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenApiContractTest {
  private static WritingApi api;
  private static JsonNode document;

  @BeforeAll
  static void fetchTheServedDocument() throws IOException {
    api = new WritingApi();
    ApiResponse response = api.get(ApiServer.OPENAPI);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).contains("application/json");
    document = new ObjectMapper().readTree(response.body());
  }

  @Test
  void shouldSayTheServedDocumentVariesByAcceptEncoding() {
    assertThat(api.get(ApiServer.OPENAPI).header("Vary")).contains("Accept-Encoding");
  }

  @AfterAll
  static void stopServer() {
    api.close();
  }

  private static JsonNode leadsParameter(String name) {
    for (JsonNode parameter : document.at("/paths/~1api~1v2~1leads/get/parameters")) {
      if (parameter.get("name").asText().equals(name)) {
        return parameter;
      }
    }
    throw new AssertionError("no parameter " + name);
  }

  private static JsonNode schemaOf(String parameterName) {
    return resolve(leadsParameter(parameterName).get("schema"));
  }

  private static JsonNode resolve(JsonNode node) {
    return node.has("$ref") ? document.at(node.get("$ref").asText().substring(1)) : node;
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static boolean accepts(String name, String value) {
    return ListLeadsParams.parse(Map.of(name, List.of(value)), CursorSignatures.withRandomKey()) instanceof ParseResult.Valid;
  }

  private static Set<String> listLeadsParameterNames() {
    return Arrays.stream(ListLeadsParams.class.getFields())
        .filter(field -> Modifier.isStatic(field.getModifiers()))
        .filter(field -> field.getType() == String.class)
        .map(OpenApiContractTest::constant)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String constant(Field field) {
    try {
      return (String) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void isAnOpenApi303Document() {
    assertThat(document.get("openapi").asText()).isEqualTo("3.0.3");
  }

  @Test
  void documentsExactlyTheServedApiRoutesWithTheirMethods() {
    Map<String, Set<String>> served = new LinkedHashMap<>();
    api.server.routes().stream()
        .filter(route -> route.path().startsWith("/api/v2/"))
        .filter(route -> !route.method().equals("HEAD"))
        .forEach(
            route ->
                served
                    .computeIfAbsent(route.path(), p -> new TreeSet<>())
                    .add(route.method().toLowerCase()));
    Map<String, Set<String>> documented = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
      Set<String> methods = new TreeSet<>();
      path.getValue().fieldNames().forEachRemaining(methods::add);
      documented.put(path.getKey(), methods);
    }

    assertThat(documented).isEqualTo(served);
  }

  @Test
  void listsExactlyTheQueryParametersListLeadsParamsReads() {
    Set<String> documented = new TreeSet<>();
    for (JsonNode parameter : document.at("/paths/~1api~1v2~1leads/get/parameters")) {
      if (parameter.get("in").asText().equals("header")) {
        continue;
      }
      assertThat(parameter.get("in").asText()).isEqualTo("query");
      assertThat(parameter.get("required").asBoolean()).isFalse();
      documented.add(parameter.get("name").asText());
    }

    assertThat(documented).isEqualTo(listLeadsParameterNames());
  }

  @Test
  void documentsTheConsistencyTokenHeaderOnBothReads() {
    for (String path : List.of("/paths/~1api~1v2~1leads/get", "/paths/~1api~1v2~1leads~1{id}/get")) {
      List<String> headers = new java.util.ArrayList<>();
      for (JsonNode parameter : document.at(path + "/parameters")) {
        if (parameter.get("in").asText().equals("header")) {
          headers.add(parameter.get("name").asText());
        }
      }
      assertThat(headers).as(path).containsExactly(ai.buena.leads.consistency.ConsistencyTokens.HEADER);
      assertThat(document.at(path + "/responses/400").isMissingNode()).as(path).isFalse();
    }
  }

  @Test
  void documentsTheDefaultsOfLeadQuery() {
    assertThat(schemaOf(ListLeadsParams.PAGE).get("default").asInt())
        .isEqualTo(LeadQuery.DEFAULT_PAGE);
    assertThat(schemaOf(ListLeadsParams.LIMIT).get("default").asInt())
        .isEqualTo(LeadQuery.DEFAULT_LIMIT);
    assertThat(schemaOf(ListLeadsParams.SORT_BY).get("default").asText())
        .isEqualTo(LeadQuery.DEFAULT_SORT_FIELD.wire());
    assertThat(schemaOf(ListLeadsParams.SORT_ORDER).get("default").asText())
        .isEqualTo(LeadQuery.DEFAULT_SORT_ORDER.wire());
    assertThat(ListLeadsParams.parse(Map.of(), CursorSignatures.withRandomKey()))
        .isEqualTo(new ParseResult.Valid(LeadQuery.defaults()));
  }

  @Test
  void documentsTheEnumsOfTheCode() {
    assertThat(texts(schemaOf(ListLeadsParams.STATUS).get("enum")))
        .containsExactlyElementsOf(
            Arrays.stream(LeadStatus.values()).map(LeadStatus::wire).toList());
    assertThat(texts(schemaOf(ListLeadsParams.SOURCE).get("enum")))
        .containsExactlyElementsOf(
            Arrays.stream(LeadSource.values()).map(LeadSource::wire).toList());
    assertThat(texts(schemaOf(ListLeadsParams.SORT_BY).get("enum")))
        .containsExactlyElementsOf(Arrays.stream(SortField.values()).map(SortField::wire).toList());
    assertThat(texts(schemaOf(ListLeadsParams.SORT_ORDER).get("enum")))
        .containsExactlyElementsOf(Arrays.stream(SortOrder.values()).map(SortOrder::wire).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {ListLeadsParams.PAGE, ListLeadsParams.LIMIT})
  void documentsIntegerBoundsListLeadsParamsAcceptsExactly(String name) {
    JsonNode schema = schemaOf(name);
    long minimum = schema.get("minimum").asLong();

    assertThat(schema.get("type").asText()).isEqualTo("integer");
    assertThat(accepts(name, Long.toString(minimum))).isTrue();
    assertThat(accepts(name, Long.toString(minimum - 1))).isFalse();
    if (schema.has("maximum")) {
      long maximum = schema.get("maximum").asLong();
      assertThat(accepts(name, Long.toString(maximum))).isTrue();
      assertThat(accepts(name, Long.toString(maximum + 1))).isFalse();
    } else {
      assertThat(accepts(name, "9".repeat(40))).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {ListLeadsParams.SEARCH, ListLeadsParams.COMPANY, ListLeadsParams.TITLE})
  void documentsLengthBoundsListLeadsParamsAcceptsExactly(String name) {
    JsonNode schema = schemaOf(name);
    int minLength = schema.get("minLength").asInt();
    int maxLength = schema.get("maxLength").asInt();

    assertThat(schema.get("type").asText()).isEqualTo("string");
    assertThat(accepts(name, "x".repeat(minLength))).isTrue();
    assertThat(accepts(name, "x".repeat(minLength - 1))).isFalse();
    assertThat(accepts(name, "x".repeat(maxLength))).isTrue();
    assertThat(accepts(name, "x".repeat(maxLength + 1))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ListLeadsParams.CREATED_AFTER,
        ListLeadsParams.CREATED_BEFORE,
        ListLeadsParams.LAST_CONTACTED_AFTER,
        ListLeadsParams.LAST_CONTACTED_BEFORE
      })
  void documentsADatePatternThatEveryDateListLeadsParamsAcceptsMatches(String name) {
    JsonNode schema = schemaOf(name);
    Pattern pattern = Pattern.compile(schema.get("pattern").asText());
    List<String> samples =
        List.of(
            "2024-01-20",
            "2024-01-20T15:30:00Z",
            "2024-01-20T15:30:00.123456789Z",
            "2024-01-20T17:30:00+02:00",
            "2024-01-20T15:30Z",
            "2024-01-20 15:30:00Z",
            "2024-01-20T15:30:00",
            "20240120",
            "yesterday");

    assertThat(accepts(name, schema.get("example").asText())).isTrue();
    for (String sample : samples) {
      assertThat(pattern.matcher(sample).find()).as(sample).isEqualTo(accepts(name, sample));
    }
  }

  @Test
  void documentsTheLeadFieldsInTheOrderTheServerWritesThem() throws IOException {
    JsonNode written =
        new ObjectMapper().readTree(LeadJson.toBytes(WorkspaceLeads.JOHN, false));
    List<String> writtenFields = new ArrayList<>();
    written.fieldNames().forEachRemaining(writtenFields::add);
    List<String> documentedFields = new ArrayList<>();
    document.at("/components/schemas/Lead/properties").fieldNames().forEachRemaining(
        documentedFields::add);

    assertThat(documentedFields).isEqualTo(writtenFields);
    assertThat(texts(document.at("/components/schemas/Lead/required")))
        .isEqualTo(writtenFields);
  }

  @Test
  void documentsTheErrorFieldsInTheOrderTheServerWritesThem() {
    List<String> writtenFields = new ArrayList<>();
    api.get("/api/v2/leads").json().fieldNames().forEachRemaining(writtenFields::add);
    List<String> documentedFields = new ArrayList<>();
    document.at("/components/schemas/Error/properties").fieldNames().forEachRemaining(
        documentedFields::add);

    assertThat(documentedFields).isEqualTo(writtenFields);
  }

  @Test
  void securesTheApiWithTheApiKeyHeader() {
    JsonNode scheme = document.at("/components/securitySchemes/ApiKeyAuth");

    assertThat(scheme.get("type").asText()).isEqualTo("apiKey");
    assertThat(scheme.get("in").asText()).isEqualTo("header");
    assertThat(scheme.get("name").asText()).isEqualTo(Authenticator.HEADER);
    assertThat(document.at("/security/0").has("ApiKeyAuth")).isTrue();
  }

  @Test
  void documentsEveryAnswerOfListLeadsIncludingRetryAfterOn503And429() {
    JsonNode responses = document.at("/paths/~1api~1v2~1leads/get/responses");
    List<String> statuses = new ArrayList<>();
    responses.fieldNames().forEachRemaining(statuses::add);

    assertThat(statuses)
        .containsExactlyInAnyOrder("200", "400", "401", "403", "429", "500", "503");
    assertThat(resolve(responses.get("503")).at("/headers/Retry-After").isMissingNode()).isFalse();
    assertThat(resolve(responses.get("429")).at("/headers/Retry-After").isMissingNode()).isFalse();
    assertThat(
            resolve(responses.get("403"))
                .at("/content/application~1json/schema/$ref")
                .asText())
        .isEqualTo("#/components/schemas/PermissionDeniedError");
    assertThat(
            document
                .at("/components/schemas/ValidationError/allOf/1/properties/details/required/0")
                .asText())
        .isEqualTo("invalidParams");
  }
}
