package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One HTTP answer as the client saw it: status, headers (names lower-cased) and body. */
record ApiResponse(int status, Map<String, List<String>> headers, String body) {
  static final String TIMESTAMP_FORMAT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
  static final String ANY_TIMESTAMP = "<timestamp>";

  private static final ObjectMapper JSON = new ObjectMapper();

  Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  JsonNode json() {
    return parse(body);
  }

  /**
   * The body, compact, with its {@code timestamp} checked (UTC to the second, about now) and
   * replaced by {@link #ANY_TIMESTAMP}, so an error body can be compared exactly.
   */
  String bodyWithoutTimestamp() {
    JsonNode node = json();
    if (node instanceof ObjectNode object && object.has("timestamp")) {
      String timestamp = object.get("timestamp").asText();
      assertThat(timestamp).matches(TIMESTAMP_FORMAT);
      assertThat(Duration.between(Instant.parse(timestamp), Instant.now()).abs())
          .isLessThan(Duration.ofMinutes(1));
      object.put("timestamp", ANY_TIMESTAMP);
    }
    return compact(node);
  }

  /** Expected JSON written readably, made compact with its field order kept. */
  static String compactJson(String json) {
    return compact(parse(json));
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String compact(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
