package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One permit, and a client that asks for a large answer and never reads it: the permit comes back
 * at the answer deadline, not when the client goes silent (it never does here: the OS buffers keep
 * the connection busy) or at Jetty's idle timeout.
 */
class AnswerDeadlineTest {
  private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(2);
  private static final int LARGE = 64 * 1024 * 1024;

  private Server server;
  private ServerConnector connector;
  private final java.util.concurrent.CountDownLatch largeStarted = new java.util.concurrent.CountDownLatch(1);

  @BeforeEach
  void startServer() throws Exception {
    server = new Server();
    connector = new ServerConnector(server);
    connector.setPort(0);
    connector.setIdleTimeout(Duration.ofMinutes(5).toMillis());
    server.addConnector(connector);
    LoadShedding shedding =
        new LoadShedding(
            1,
            request -> Optional.of("ws_one"),
            request -> Map.of(),
            Clock.systemUTC(),
            () -> {},
            () -> {},
            () -> {},
            ANSWER_DEADLINE,
            Duration.ZERO);
    shedding.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            boolean large = Request.getPathInContext(request).endsWith("/large");
            int size = large ? LARGE : 2;
            if (large) {
              largeStarted.countDown();
            }
            response.setStatus(200);
            response.write(true, ByteBuffer.allocate(size), callback);
            return true;
          }
        });
    server.setHandler(shedding);
    server.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.stop();
  }

  @Test
  void shouldGiveThePermitOfAnAnswerNotReadBackAtTheDeadline() throws Exception {
    try (Socket unread = new Socket()) {
      unread.setReceiveBufferSize(4096);
      unread.connect(new java.net.InetSocketAddress("localhost", connector.getLocalPort()));
      unread.getOutputStream().write(request("/api/v2/large"));
      long sent = System.nanoTime();
      assertThat(largeStarted.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(status("/api/v2/small")).as("while the large answer holds the permit").isEqualTo(503);

      await().atMost(Duration.ofSeconds(10)).until(() -> status("/api/v2/small") == 200);

      assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(ANSWER_DEADLINE);
      assertThat(closedByTheServer(unread)).isTrue();
    }
  }

  private static byte[] request(String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private int status(String path) throws IOException {
    try (Socket socket = new Socket("localhost", connector.getLocalPort())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(request(path));
      byte[] head = new byte[12];
      int read = socket.getInputStream().readNBytes(head, 0, head.length);
      return Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII).strip());
    }
  }

  /** Reads what the server had sent until it closed: the stream ends (or resets) within 10 s. */
  private static boolean closedByTheServer(Socket socket) throws IOException {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[1 << 16];
    long total = 0;
    try {
      for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
        total += n;
      }
    } catch (java.net.SocketException reset) {
      return true;
    }
    return total < LARGE;
  }
}
