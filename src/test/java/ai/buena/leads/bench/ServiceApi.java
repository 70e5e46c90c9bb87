package ai.buena.leads.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The calls the benchmark makes to the service besides the measured query loops: readiness,
 * totals, single leads, list pages and metrics. One kept-alive HTTP/1.1 client; thread-safe. A call
 * the service does not answer (it is down or restarting) counts as status -1, not as an error.
 */
final class ServiceApi {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final String apiKey;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  ServiceApi(String baseUrl, String apiKey) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
  }

  /** The status of {@code GET /health/ready}; -1 when nothing answers. */
  int readyStatus() {
    return status("/health/ready");
  }

  /** The status of {@code GET /api/v2/leads/{id}}; -1 when nothing answers. */
  int leadStatus(String leadId) {
    return status("/api/v2/leads/" + leadId);
  }

  /** {@code pagination.total} of a list query, or empty when the service does not answer 200. */
  OptionalLong total(String query) {
    try {
      HttpResponse<String> response = send("/api/v2/leads?" + query);
      if (response.statusCode() != 200) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(
          JSON.readTree(response.body()).path("data").path("pagination").path("total").asLong());
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The {@code data} of a list answer; anything but 200 is an error. Parsed from the body's bytes,
   * as an efficient client does (no {@code String} of the whole answer first).
   */
  JsonNode list(String query) {
    try {
      HttpResponse<byte[]> response = send("/api/v2/leads?" + query, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            "GET /api/v2/leads?" + query + " answered " + response.statusCode() + ": "
                + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
      }
      return JSON.readTree(response.body()).path("data");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Prometheus text of {@code GET /metrics}. */
  PrometheusText metrics() {
    try {
      HttpResponse<String> response = send("/metrics");
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET /metrics answered " + response.statusCode());
      }
      return new PrometheusText(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int status(String path) {
    try {
      return send(path).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  private HttpResponse<String> send(String pathAndQuery) throws IOException {
    return send(pathAndQuery, HttpResponse.BodyHandlers.ofString());
  }

  private <T> HttpResponse<T> send(String pathAndQuery, HttpResponse.BodyHandler<T> body)
      throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
            .timeout(TIMEOUT)
            .header("x-api-key", apiKey)
            .GET()
            .build();
    try {
      return client.send(request, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + pathAndQuery, e);
    }
  }
}
