package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The date pattern /openapi.json gives the four date filters admits what the API reads and refuses
 * what it refuses, but for impossible days of a month (2024-02-30), which no pattern can tell.
 */
class OpenApiDatePatternTest {
  private static final Pattern DECLARED = declaredPattern();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-01-20", "2024-01-20T15:30:00Z", "2024-01-20T15:30:00.123456789Z",
        "2024-01-20T23:59:59+18:00", "2024-01-20T00:00:00-17:59", "2024-12-31T00:00:00+05:30",
        "2024-01-15T24:00:00Z", "2024-01-15T10:30:60Z", "2024-01-15T10:60:00Z",
        "2024-01-15T10:30:00+19:00", "2024-01-15T10:30:00+18:01", "2024-13-01", "2024-00-10",
        "2024-01-32", "2024-01-00", "2024-01-15T10:30Z", "2024-01-15T10:30:00+0200",
        "2024-01-15T10:30:00.1234567891Z", "2024-01-15t10:30:00z"
      })
  void shouldAdmitExactlyWhatTheApiReads(String value) {
    assertThat(DECLARED.matcher(value).matches())
        .as(value)
        .isEqualTo(IsoInstants.parse(value).isPresent());
  }

  private static Pattern declaredPattern() {
    try (InputStream in = OpenApiDatePatternTest.class.getResourceAsStream("/openapi.json")) {
      JsonNode document = new ObjectMapper().readTree(in);
      for (JsonNode parameter : document.at("/paths/~1api~1v2~1leads/get/parameters")) {
        if (parameter.path("name").asText().equals("createdAfter")) {
          return Pattern.compile(parameter.at("/schema/pattern").asText());
        }
      }
      throw new IllegalStateException("no createdAfter parameter in /openapi.json");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
