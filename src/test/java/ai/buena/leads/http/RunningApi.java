package ai.buena.leads.http;

import static ai.buena.leads.testing.ClosedConnections.closeAfterAnswer;

import ai.buena.leads.http.Readiness.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The real server on port 0 over in-memory leads and keys, and a client that calls it. */
final class RunningApi implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  final TestKeys keys = new TestKeys();
  final TestLeadQueries queries = new TestLeadQueries(WorkspaceLeads.ALL);
  final ApiServer server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  RunningApi() {
    server = ApiServer.start(0, Status::ok, queries, keys);
  }

  RunningApi(ServerOptions options) {
    server = ApiServer.start(0, Status::ok, queries, keys, options);
  }

  /** With HTTP metrics recorded into {@code metrics} and served on {@code /metrics}. */
  RunningApi(io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics) {
    this(metrics, ServerOptions.defaults());
  }

  RunningApi(
      io.micrometer.prometheusmetrics.PrometheusMeterRegistry metrics, ServerOptions options) {
    server = ApiServer.start(0, Status::ok, queries, keys, null, null, metrics, options);
  }

  int port() {
    return server.port();
  }

  ApiResponse get(String pathAndQuery) {
    return send("GET", pathAndQuery, null);
  }

  ApiResponse get(String pathAndQuery, String apiKey) {
    return send("GET", pathAndQuery, apiKey);
  }

  ApiResponse send(String method, String pathAndQuery, String apiKey) {
    HttpRequest.Builder request =
        closeAfterAnswer(
                HttpRequest.newBuilder(
                    URI.create("http://localhost:" + server.port() + pathAndQuery)))
            .timeout(TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (apiKey != null) {
      request.header(Authenticator.HEADER, apiKey);
    }
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new ApiResponse(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A GET with the request target sent byte for byte, for URIs a client library would refuse. */
  ApiResponse rawGet(String requestTarget) {
    return rawGet(requestTarget, null);
  }

  ApiResponse rawGet(String requestTarget, String apiKey) {
    String keyHeader = apiKey == null ? "" : Authenticator.HEADER + ": " + apiKey + "\r\n";
    try (Socket socket = new Socket("localhost", server.port())) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + requestTarget + " HTTP/1.1\r\nHost: localhost\r\n" + keyHeader
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ApiResponse parse(String raw) {
    int headerEnd = raw.indexOf("\r\n\r\n");
    String[] lines = raw.substring(0, headerEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), n -> new ArrayList<>())
          .add(lines[i].substring(colon + 1).trim());
    }
    return new ApiResponse(status, headers, raw.substring(headerEnd + 4));
  }

  @Override
  public void close() {
    server.close();
  }
}
