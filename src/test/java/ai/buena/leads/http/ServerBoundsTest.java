package ai.buena.leads.http;

import static ai.buena.leads.http.ExpectedBodies.error;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the server accepts in size and time: request line, headers, bodies, silent clients. */
class ServerBoundsTest {
  private static final Duration IDLE_TIMEOUT = Duration.ofMillis(300);
  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final Duration HEAD_DEADLINE = Duration.ofMillis(800);
  private static final int LIMIT = JettySetup.MAX_REQUEST_HEADER_BYTES;

  private RunningApi api;
  private String key;

  @BeforeEach
  void startServer() {
    start(ServerOptions.defaults());
  }

  /**
   * The server again with the short idle timeout, for the tests of silent clients only: Jetty fails
   * a request that sees no I/O for that long, which a loaded machine's pause can cause elsewhere.
   */
  private void restartWithShortIdleTimeout() {
    api.close();
    start(ServerOptions.defaults().withIdleTimeout(IDLE_TIMEOUT));
  }

  private void start(ServerOptions options) {
    api = new RunningApi(options);
    key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
  }

  @AfterEach
  void stopServer() {
    api.close();
  }

  /** A GET whose request line ({@code GET target HTTP/1.1\r\n}) is exactly this many bytes. */
  private static String targetForRequestLineOf(int bytes) {
    String prefix = ApiServer.LEADS + "?search=";
    int overhead = "GET ".length() + prefix.length() + " HTTP/1.1\r\n".length();
    return prefix + "a".repeat(bytes - overhead);
  }

  private ApiResponse send(RawRequest request) {
    return RawHttp.exchange(api.port(), request.bytes()).orElseThrow();
  }

  @Test
  void acceptsARequestLineThatLeavesRoomForTheHeaders() {
    String target = targetForRequestLineOf(LIMIT - 1_024);

    ApiResponse response = send(RawRequest.get(target, List.of(Map.entry("x-api-key", key))));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().at("/details/invalidParams/search").asText())
        .isEqualTo("Must be between 2 and 200 characters");
  }

  @Test
  void answers414ForARequestLineLongerThanTheHeaderLimit() {
    ApiResponse response = send(RawRequest.get(targetForRequestLineOf(LIMIT + 16), List.of()));

    assertThat(response.status()).isEqualTo(414);
    assertThat(response.bodyWithoutTimestamp()).isEqualTo(error("URI_TOO_LONG", "URI Too Long"));
  }

  @Test
  void countsTheRequestLineAndTheHeadersAgainstOneLimit() {
    String target = targetForRequestLineOf(LIMIT - 1_024);
    Map.Entry<String, String> padding = Map.entry("X-Padding", "p".repeat(2_048));

    ApiResponse response = send(RawRequest.get(target, List.of(padding)));

    assertThat(response.status()).isEqualTo(431);
    assertThat(response.bodyWithoutTimestamp())
        .isEqualTo(error("REQUEST_HEADER_FIELDS_TOO_LARGE", "Request Header Fields Too Large"));
  }

  @Test
  void acceptsHeadersJustUnderTheLimit() {
    Map.Entry<String, String> padding = Map.entry("X-Padding", "p".repeat(LIMIT - 1_024));

    ApiResponse response =
        send(RawRequest.get(ApiServer.LEADS, List.of(Map.entry("x-api-key", key), padding)));

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  void answersWithoutWaitingForABodyItNeverReads() throws IOException {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + ApiServer.LEADS
                  + " HTTP/1.1\r\nHost: localhost\r\nx-api-key: "
                  + key
                  + "\r\nContent-Length: 1000000000\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.write(new byte[64 * 1024]);
      out.flush();

      ApiResponse response = RawHttp.parse(RawHttp.readUntilClosed(socket.getInputStream()));

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Connection")).contains("close");
    }
  }

  @Test
  void answersWithoutWaitingForTheEndOfAnEndlessChunkedBody() throws IOException {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + ApiServer.LEADS
                  + " HTTP/1.1\r\nHost: localhost\r\nx-api-key: "
                  + key
                  + "\r\nTransfer-Encoding: chunked\r\n\r\n4000\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.write(new byte[0x4000]);
      out.flush();

      ApiResponse response = RawHttp.parse(RawHttp.readUntilClosed(socket.getInputStream()));

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Connection")).contains("close");
    }
  }

  @Test
  void closesAConnectionWhoseClientStallsInTheMiddleOfItsHeaders() throws IOException {
    restartWithShortIdleTimeout();
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      byte[] partial =
          ("GET " + ApiServer.LEADS + " HTTP/1.1\r\nHost: loc").getBytes(StandardCharsets.UTF_8);
      for (byte b : partial) {
        out.write(b);
        out.flush();
      }
      long stalledAt = System.nanoTime();

      assertClosedByTheServer(socket.getInputStream());
      assertThat(Duration.ofNanos(System.nanoTime() - stalledAt))
          .isGreaterThanOrEqualTo(IDLE_TIMEOUT.dividedBy(2));
    }
  }

  @Test
  void closesAnIdleKeptAliveConnection() throws IOException {
    restartWithShortIdleTimeout();
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();

      String answer =
          new String(RawHttp.readUntilClosed(socket.getInputStream()), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 200").endsWith("{\"status\":\"live\"}");
    }
  }

  @Test
  void closesAConnectionThatTricklesItsHeadersPastTheHeadDeadline() throws IOException {
    api.close();
    start(ServerOptions.defaults().withRequestHeadDeadline(HEAD_DEADLINE));
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + ApiServer.LEADS + " HTTP/1.1\r\nHost: localhost\r\nx-trickle: ").getBytes(StandardCharsets.UTF_8));
      long started = System.nanoTime();
      socket.setSoTimeout(100);
      boolean closed = false;
      // a byte every 100 ms: never silent for the idle timeout (20 s), so only the head's deadline ends it
      while (!closed && System.nanoTime() - started < DEADLINE.toNanos()) {
        try {
          out.write('a');
          out.flush();
          closed = socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
          // go on trickling
        } catch (IOException reset) {
          closed = true;
        }
      }

      assertThat(closed).as("closed within %s", DEADLINE).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(HEAD_DEADLINE);
    }
  }

  @Test
  void keepsAKeptAliveConnectionIdleBetweenRequestsPastTheHeadDeadline() throws IOException {
    api.close();
    start(ServerOptions.defaults().withRequestHeadDeadline(HEAD_DEADLINE));
    try (Socket socket = connect()) {
      byte[] request = "GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.UTF_8);
      socket.getOutputStream().write(request);
      assertThat(RawHttp.readOneAnswer(socket)).startsWith("HTTP/1.1 200");

      org.awaitility.Awaitility.await()
          .during(HEAD_DEADLINE.plus(RequestHeadDeadline.SWEEP.multipliedBy(2)))
          .atMost(DEADLINE)
          .until(() -> stillOpen(socket));
      socket.getOutputStream().write(request);

      assertThat(RawHttp.readOneAnswer(socket)).startsWith("HTTP/1.1 200");
    }
  }

  private static boolean stillOpen(Socket socket) throws IOException {
    int timeout = socket.getSoTimeout();
    socket.setSoTimeout(20);
    try {
      return socket.getInputStream().read() != -1;
    } catch (SocketTimeoutException nothingToRead) {
      return true;
    } catch (IOException reset) {
      return false;
    } finally {
      socket.setSoTimeout(timeout);
    }
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket("localhost", api.port());
    socket.setSoTimeout((int) DEADLINE.toMillis());
    return socket;
  }

  /** The server ends the connection (end of stream, or a reset) before the deadline, silently. */
  private static void assertClosedByTheServer(InputStream in) throws IOException {
    try {
      byte[] said = RawHttp.readUntilClosed(in);
      assertThat(new String(said, StandardCharsets.UTF_8)).isEmpty();
    } catch (SocketTimeoutException stillOpen) {
      throw new AssertionError("connection still open after " + DEADLINE, stillOpen);
    }
  }
}
