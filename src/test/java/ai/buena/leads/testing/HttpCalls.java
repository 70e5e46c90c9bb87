package ai.buena.leads.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Plain GET calls to a running instance, answers kept as the client saw them. */
public final class HttpCalls {
  public static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  private HttpCalls() {}

  /**
   * One answer: its status, its {@code Retry-After} header if any, its body, and its {@code
   * X-Lead-Data-Staleness} header if any (read partly from standby copies).
   */
  public record Answer(int status, Optional<String> retryAfter, String body, Optional<String> staleness) {
    public boolean labelledStale() {
      return staleness.isPresent();
    }

    public JsonNode json() {
      return parse(body);
    }

    /** The body's error {@code code}, or empty when the body is not an error. */
    public Optional<String> errorCode() {
      try {
        JsonNode code = JSON.readTree(body).get("code");
        return code == null ? Optional.empty() : Optional.of(code.asText());
      } catch (JsonProcessingException e) {
        return Optional.empty();
      }
    }
  }

  /** GETs {@code url} with {@code headers}; a call that fails before any answer throws. */
  public static Answer get(String url, Map<String, String> headers) {
    HttpRequest.Builder request =
        ClosedConnections.closeAfterAnswer(HttpRequest.newBuilder(URI.create(url)))
            .timeout(TIMEOUT)
            .GET();
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Retry-After"),
          response.body(),
          response.headers().firstValue("X-Lead-Data-Staleness"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + url, e);
    }
  }

  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
