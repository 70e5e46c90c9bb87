package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing the server lets the requests it is answering finish before it stops. */
class GracefulStopTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private RunningApi api;
  private String key;
  private QueryHold hold;

  @BeforeEach
  void startServer() {
    api = new RunningApi();
    key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
    hold = api.queries.holdQueries();
  }

  @AfterEach
  void releaseAndStop() {
    hold.release();
    api.close();
  }

  @Test
  void shouldCompleteARequestUnderWayWhenTheServerIsClosed() throws Exception {
    CompletableFuture<ApiResponse> inFlight =
        CompletableFuture.supplyAsync(() -> api.get(ApiServer.LEADS, key));
    assertThat(hold.awaitEntered(1, DEADLINE)).isTrue();

    CompletableFuture<Void> closing = CompletableFuture.runAsync(api.server::close);
    // The close waits for the request, not the other way round.
    await().during(Duration.ofMillis(500)).atMost(DEADLINE).until(() -> !closing.isDone());
    hold.release();

    assertThat(inFlight.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).status()).isEqualTo(200);
    closing.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void shouldAnswerARequestOnAConnectionOpenedBeforeTheStopAndThenCloseThatConnection()
      throws Exception {
    CompletableFuture<ApiResponse> inFlight =
        CompletableFuture.supplyAsync(() -> api.get(ApiServer.LEADS, key));
    assertThat(hold.awaitEntered(1, DEADLINE)).isTrue();
    int port = api.port();
    try (Socket keptAlive = new Socket("localhost", port)) {
      keptAlive.setSoTimeout((int) DEADLINE.toMillis());
      CompletableFuture<Void> closing = CompletableFuture.runAsync(api.server::close);
      // the stop has begun once the server takes no new connection (the held request keeps it going)
      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(10)).until(() -> refusesConnections(port));

      OutputStream out = keptAlive.getOutputStream();
      out.write("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ApiResponse answer = RawHttp.parse(RawHttp.readUntilClosed(keptAlive.getInputStream()));

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("Connection")).hasValueSatisfying(v -> assertThat(v).containsIgnoringCase("close"));
      hold.release();
      assertThat(inFlight.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).status()).isEqualTo(200);
      closing.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static boolean refusesConnections(int port) {
    try (Socket probe = new Socket("localhost", port)) {
      return false;
    } catch (IOException refused) {
      return true;
    }
  }
}
