package ai.buena.leads.http;

import ai.buena.leads.events.EventParser;
import ai.buena.leads.events.ParseResult;
import ai.buena.leads.http.Readiness.Status;
import ai.buena.leads.projection.DedupeEntries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The real server on port 0 with its write routes, appending to a {@link RecordingEventLog}; every
 * appended event counts as applied at once (see {@link #applied}).
 */
final class WritingApi implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  final TestKeys keys;
  final TestLeadQueries queries;
  final RecordingEventLog events;
  final ApiServer server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  WritingApi() {
    this(ServerOptions.defaults());
  }

  WritingApi(ServerOptions options) {
    keys = new TestKeys();
    queries = new TestLeadQueries(WorkspaceLeads.ALL);
    events = new RecordingEventLog();
    events.onAppended(this::applied);
    server = ApiServer.start(0, Status::ok, queries, keys, null, null, null, events, options);
  }

  /**
   * A second instance of the same cluster: the same keys, the same log and the same projection as
   * {@code first}, its own server (so its own idempotency cache).
   */
  WritingApi(WritingApi first) {
    keys = first.keys;
    queries = first.queries;
    events = first.events;
    server =
        ApiServer.start(
            0, Status::ok, queries, keys, null, null, null, events, ServerOptions.defaults());
  }

  /**
   * Records an appended event as applied at once, as the projection's de-duplication store would
   * (the first event of an id wins), so the writer's idempotency checks find it.
   */
  private void applied(RecordingEventLog.Produced produced) {
    ParseResult parsed = new EventParser().parse(produced.value(), produced.key());
    if (parsed instanceof ParseResult.Valid valid) {
      queries.apply(
          produced.key(),
          valid.event().eventId(),
          Optional.ofNullable(produced.headers().get(DedupeEntries.FINGERPRINT_HEADER)));
    }
  }

  ApiResponse get(String path) {
    return send("GET", path, null, null);
  }

  /**
   * @param headers name, value, name, value...; {@code Content-Type: application/json} unless given
   */
  ApiResponse send(String method, String path, String apiKey, String body, String... headers) {
    return sendBytes(method, path, apiKey, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
  }

  /** {@link #send}, with the body's bytes as they are (e.g. not well-formed UTF-8). */
  ApiResponse sendBytes(String method, String path, String apiKey, byte[] body, String... headers) {
    HttpRequest.Builder request =
        ai.buena.leads.testing.ClosedConnections.closeAfterAnswer(
                HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)))
            .timeout(TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    boolean typed = false;
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
      typed |= headers[i].equalsIgnoreCase("Content-Type");
    }
    if (!typed && body != null) {
      request.header("Content-Type", "application/json");
    }
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

  @Override
  public void close() {
    server.close();
  }
}
