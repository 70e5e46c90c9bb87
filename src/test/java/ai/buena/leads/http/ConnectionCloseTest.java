package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stopping instance first closes its connections (ApiServer#closeConnections): no new ones, and
 * the open ones still served in full until each closes after its answer.
 */
class ConnectionCloseTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private RunningApi api;
  private String key;
  /** Taken before the stop: a closed connector no longer reports its port. */
  private int port;

  @BeforeEach
  void startServer() {
    api = new RunningApi();
    key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
    port = api.port();
  }

  @AfterEach
  void stopServer() {
    api.close();
  }

  /**
   * The request is under way when the close begins. (An idle kept-alive connection may be closed
   * by Jetty as the close begins, even one whose last answer was sent a moment before: HTTP
   * clients retry a request that met such a close; this test does not race that.)
   */
  @Test
  void shouldAnswerARequestUnderWayOnAKeptAliveConnectionInFullWhileConnectionsClose()
      throws Exception {
    try (Socket kept = new Socket("localhost", port)) {
      kept.setSoTimeout((int) DEADLINE.toMillis());
      assertThat(exchange(kept, "/health/live").status()).isEqualTo(200);
      QueryHold hold = api.queries.holdQueries();
      try {
        send(kept, ApiServer.LEADS + "?limit=2");
        assertThat(hold.awaitEntered(1, DEADLINE)).isTrue();

        CompletableFuture<Boolean> closing =
            CompletableFuture.supplyAsync(() -> api.server.closeConnections(DEADLINE));
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(5)).until(this::refusesConnections);
        hold.release();

        ApiResponse answer = receive(kept);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().at("/data/pagination/total").asInt()).isEqualTo(5);
        assertThat(answer.header("connection")).contains("close");
        assertThat(closing.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      } finally {
        hold.release();
      }
    }
  }

  @Test
  void shouldStopWithoutFailingWhenARequestOutlastsTheStopTimeout() throws Exception {
    QueryHold hold = api.queries.holdQueries();
    try (Socket held = new Socket("localhost", port)) {
      send(held, ApiServer.LEADS + "?limit=2");
      assertThat(hold.awaitEntered(1, DEADLINE)).isTrue();

      CompletableFuture<Void> stop = CompletableFuture.runAsync(api.server::close);

      assertThat(stop).succeedsWithin(ApiServer.STOP_TIMEOUT.plus(DEADLINE));
    } finally {
      hold.release();
    }
  }

  @Test
  void shouldRefuseNewConnectionsOnceConnectionsClose() {
    assertThat(api.server.closeConnections(DEADLINE)).isTrue();

    assertThatThrownBy(() -> new Socket("localhost", port).close())
        .isInstanceOf(ConnectException.class);
  }

  private boolean refusesConnections() {
    try (Socket probe = new Socket("localhost", port)) {
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (IOException other) {
      return false;
    }
  }

  /** One request on the open connection and its whole answer (content length or chunked). */
  private ApiResponse exchange(Socket socket, String target) throws IOException {
    send(socket, target);
    return receive(socket);
  }

  private void send(Socket socket, String target) throws IOException {
    socket
        .getOutputStream()
        .write(
            ("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + Authenticator.HEADER + ": "
                    + key + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  private static ApiResponse receive(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    String head = readLine(in, "\r\n\r\n");
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    raw.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    String lowerHead = head.toLowerCase(Locale.ROOT);
    int length = lowerHead.indexOf("content-length:");
    if (length >= 0) {
      int end = lowerHead.indexOf("\r\n", length);
      String value = head.substring(length + "content-length:".length(), end < 0 ? head.length() : end);
      raw.write(in.readNBytes(Integer.parseInt(value.trim())));
    } else {
      for (String size; !(size = readLine(in, "\r\n")).trim().equals("0"); ) {
        raw.write((size + "\r\n").getBytes(StandardCharsets.US_ASCII));
        raw.write(in.readNBytes(Integer.parseInt(size.trim(), 16) + 2));
      }
      readLine(in, "\r\n");
      raw.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return RawHttp.parse(raw.toByteArray());
  }

  private static String readLine(InputStream in, String end) throws IOException {
    StringBuilder read = new StringBuilder();
    while (read.length() < end.length() || !read.toString().endsWith(end)) {
      int next = in.read();
      if (next < 0) {
        throw new IOException("connection closed after " + read);
      }
      read.append((char) next);
    }
    return read.substring(0, read.length() - end.length());
  }
}
