package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Requests that ask to switch protocols are answered in plain HTTP. */
class PlainHttpOnlyTest {
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

  @Test
  void shouldCloseTheConnectionAfterAConnectThatDidNotAskForIt() {
    byte[] keptAlive =
        "CONNECT localhost:80 HTTP/1.1\r\nHost: localhost\r\n\r\n"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    Optional<ApiResponse> answer = RawHttp.exchange(api.port(), keptAlive);

    assertThat(answer).isPresent();
    assertThat(answer.get().status()).isEqualTo(404);
  }

  private static final List<Map.Entry<String, String>> WEBSOCKET_HANDSHAKE =
      List.of(
          Map.entry("Upgrade", "websocket"),
          Map.entry("Connection", "Upgrade"),
          Map.entry("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
          Map.entry("Sec-WebSocket-Version", "13"));

  private static Optional<ApiResponse> get(String target, List<Map.Entry<String, String>> headers) {
    return RawHttp.exchange(api.port(), RawRequest.get(target, headers).bytes());
  }

  private static List<Map.Entry<String, String>> with(
      List<Map.Entry<String, String>> headers, Map.Entry<String, String> more) {
    List<Map.Entry<String, String>> all = new java.util.ArrayList<>(headers);
    all.add(more);
    return all;
  }

  @Test
  void shouldAnswerAWebSocketHandshakeToTheLeadsRouteAsAPlainGet() {
    Optional<ApiResponse> answer =
        get(ApiServer.LEADS + "?limit=1", with(WEBSOCKET_HANDSHAKE, Map.entry("x-api-key", key)));

    assertThat(answer).isPresent();
    assertThat(answer.get().status()).isEqualTo(200);
    assertThat(answer.get().body()).contains("\"leads\"");
  }

  @Test
  void shouldKeepNoSessionForAWebSocketHandshakeWithoutAKey() {
    Optional<ApiResponse> answer = get("/nope", WEBSOCKET_HANDSHAKE);

    assertThat(answer).isPresent();
    assertThat(answer.get().status()).isEqualTo(404);
    assertThat(answer.get().header("Set-Cookie")).isEmpty();
    assertThat(answer.get().body()).contains("Route not found");
  }

  @Test
  void shouldAnswerAnH2cUpgradeAsAPlainGet() {
    Optional<ApiResponse> answer =
        get(
            ApiServer.LEADS + "?limit=1",
            List.of(
                Map.entry("Upgrade", "h2c"),
                Map.entry("Connection", "Upgrade, HTTP2-Settings"),
                Map.entry("HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA"),
                Map.entry("x-api-key", key)));

    assertThat(answer).isPresent();
    assertThat(answer.get().status()).isEqualTo(200);
  }
}
