package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.query.SilentPeers;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Calls to another instance over a real socket: answers of any status, and calls without one. */
class PeerCallsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private final PeerCalls calls = new PeerCalls();
  private Javalin server;

  @BeforeEach
  void start() {
    server =
        Javalin.create(
                cfg -> {
                  cfg.routes.get(
                      "/ok",
                      ctx -> ctx.header("X-Seen", ctx.header("X-Asked")).result("{\"a\":1}"));
                  cfg.routes.get("/busy", ctx -> ctx.status(503).result("{\"code\":\"UNAVAILABLE\"}"));
                })
            .start(0);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void shouldGiveTheStatusHeadersAndBodyOfAnAnswer() throws Exception {
    PeerCalls.Answer answer = calls.get(uri("/ok"), "X-Asked", "yes", TIMEOUT).get();

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header("X-Seen")).contains("yes");
    assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
  }

  @Test
  void shouldGiveTheBodyOfAnErrorAnswer() throws Exception {
    PeerCalls.Answer answer = calls.get(uri("/busy"), "X-Asked", "yes", TIMEOUT).get();

    assertThat(answer.status()).isEqualTo(503);
    assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("UNAVAILABLE");
  }

  @Test
  void shouldAnswerManyCallsInTurnOverKeptConnections() throws Exception {
    for (int i = 0; i < 200; i++) {
      assertThat(calls.get(uri("/ok"), "X-Asked", "n" + i, TIMEOUT).get().header("X-Seen"))
          .contains("n" + i);
    }
  }

  @Test
  void shouldFailWithoutAnAnswerWhenTheConnectionIsRefused() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    URI refused = URI.create("http://localhost:" + closedPort + "/ok");

    assertThatThrownBy(() -> calls.get(refused, "X-Asked", "yes", TIMEOUT).get())
        .isInstanceOf(ExecutionException.class)
        .satisfies(e -> assertThat(SilentPeers.gaveNoAnswer(e.getCause())).isTrue());
  }

  @Test
  void shouldFailWithoutAnAnswerWhenNoneComesInTime() throws IOException {
    try (ServerSocket silent = new ServerSocket(0)) {
      URI never = URI.create("http://localhost:" + silent.getLocalPort() + "/ok");

      assertThatThrownBy(() -> calls.get(never, "X-Asked", "yes", Duration.ofMillis(300)).get())
          .isInstanceOf(ExecutionException.class)
          .satisfies(e -> assertThat(SilentPeers.gaveNoAnswer(e.getCause())).isTrue());
    }
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + server.port() + path);
  }
}
