package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
}
