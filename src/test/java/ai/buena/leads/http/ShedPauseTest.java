package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A keep-alive connection answered "retry later" (503 by load shedding, 429 past a rate limit)
 * reads its next request only after a pause; any other answer's connection reads it at once.
 */
class ShedPauseTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  /** Allowance for the answer's way to the client, which the client's clock starts after. */
  private static final Duration ON_THE_WAY = Duration.ofMillis(100);

  private RunningApi api;
  private QueryHold hold;
  private List<CompletableFuture<ApiResponse>> held = List.of();

  /** A server with two permits, both held by queries of two workspaces; a key of the first. */
  private String startWithItsTwoPermitsHeld() throws InterruptedException {
    api =
        new RunningApi(
            ServerOptions.defaults().withAdmissionWait(Duration.ZERO).withMaxInFlight(2));
    String key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
    String otherWorkspacesKey = api.keys.issue(WorkspaceLeads.BETA, "leads:read");
    hold = api.queries.holdQueries();
    held =
        List.of(
            CompletableFuture.supplyAsync(() -> api.get(ApiServer.LEADS, key)),
            CompletableFuture.supplyAsync(() -> api.get(ApiServer.LEADS, otherWorkspacesKey)));
    assertThat(hold.awaitEntered(2, DEADLINE)).isTrue();
    return key;
  }

  @AfterEach
  void stopServer() throws Exception {
    if (hold != null) {
      hold.release();
    }
    for (CompletableFuture<ApiResponse> request : held) {
      request.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }
    api.close();
  }

  @Test
  void readsTheNextRequestOfAConnectionAnswered503OnlyAfterThePause() throws Exception {
    String key = startWithItsTwoPermitsHeld();
    try (Socket socket = connect()) {
      send(socket, ApiServer.LEADS, "x-api-key: " + key);
      assertThat(RawHttp.readOneAnswer(socket)).startsWith("HTTP/1.1 503");

      assertThat(nextRequestAnsweredAfter(socket, System.nanoTime()))
          .isGreaterThan(LoadShedding.SHED_PAUSE.minus(ON_THE_WAY));
    }
  }

  @Test
  void closesWithoutAPauseAConnectionWhoseClientAskedToCloseIt() throws Exception {
    String key = startWithItsTwoPermitsHeld();
    int openBefore = api.server.openConnections();
    try (Socket socket = connect()) {
      send(socket, ApiServer.LEADS, "x-api-key: " + key, "Connection: close");

      String answer =
          new String(RawHttp.readUntilClosed(socket.getInputStream()), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 503");
    }
    // Jetty ends the client's side at once either way; paused, the server's side stayed open.
    await()
        .atMost(LoadShedding.SHED_PAUSE.dividedBy(2))
        .until(() -> api.server.openConnections(), open -> open == openBefore);
  }

  @Test
  void readsTheNextRequestOfAConnectionAnswered429OnlyAfterThePause() throws Exception {
    api = new RunningApi(ServerOptions.defaults().withRateLimits(RateLimits.of(1, 100, 1_000)));
    String limitedKey = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
    try (Socket socket = connect()) {
      send(socket, ApiServer.LEADS, "x-api-key: " + limitedKey);
      assertThat(RawHttp.readOneAnswer(socket)).startsWith("HTTP/1.1 200");
      send(socket, ApiServer.LEADS, "x-api-key: " + limitedKey);
      assertThat(RawHttp.readOneAnswer(socket)).startsWith("HTTP/1.1 429");

      assertThat(nextRequestAnsweredAfter(socket, System.nanoTime()))
          .isGreaterThan(LoadShedding.SHED_PAUSE.minus(ON_THE_WAY));
    }
  }

  @Test
  void readsTheNextRequestOfAConnectionAnswered200AtOnce() throws Exception {
    api = new RunningApi();
    String anyKey = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
    try (Socket socket = connect()) {
      send(socket, ApiServer.LEADS, "x-api-key: " + anyKey);
      assertThat(RawHttp.readOneAnswer(socket)).startsWith("HTTP/1.1 200");

      assertThat(nextRequestAnsweredAfter(socket, System.nanoTime()))
          .isLessThan(LoadShedding.SHED_PAUSE.minus(ON_THE_WAY));
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("localhost", api.port());
    socket.setSoTimeout((int) DEADLINE.toMillis());
    return socket;
  }

  /** How long after {@code since} the connection's next request, a health check, is answered. */
  private static Duration nextRequestAnsweredAfter(Socket socket, long since) throws IOException {
    send(socket, "/health/live");
    assertThat(RawHttp.readOneAnswer(socket)).startsWith("HTTP/1.1 200");
    return Duration.ofNanos(System.nanoTime() - since);
  }

  private static void send(Socket socket, String path, String... headers) throws IOException {
    StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    byte[] bytes = request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

}
