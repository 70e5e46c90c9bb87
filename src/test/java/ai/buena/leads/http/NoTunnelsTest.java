package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A CONNECT is answered and its connection closed, as the client's {@code Connection} asks. */
class NoTunnelsTest {
  private static RunningApi api;
  private static String key;

  @BeforeAll
  static void startServer() {
    api = new RunningApi(ServerOptions.defaults());
    key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
  }

  @AfterAll
  static void stopServer() {
    api.close();
  }

  private static Optional<ApiResponse> connect(
      String target, List<Map.Entry<String, String>> headers) {
    return RawHttp.exchange(
        api.port(), RawRequest.get(target, headers).withMethod("CONNECT").bytes());
  }

  @Test
  void shouldAnswerAConnectToAnAsteriskAndCloseTheConnection() {
    Optional<ApiResponse> answer = connect("*", List.of());

    assertThat(answer).isPresent();
    assertThat(answer.get().status()).isEqualTo(400);
    assertThat(answer.get().header("Connection")).contains("close");
  }

  @Test
  void shouldAnswerAConnectToAnAuthorityAndCloseTheConnection() {
    Optional<ApiResponse> answer = connect("localhost:80", List.of(Map.entry("x-api-key", key)));

    assertThat(answer).isPresent();
    assertThat(answer.get().status()).isEqualTo(404);
    assertThat(answer.get().header("Connection")).contains("close");
  }
}
