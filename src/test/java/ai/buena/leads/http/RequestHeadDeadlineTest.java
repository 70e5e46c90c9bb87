package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sweeps run by hand with chosen times, over real connections in the middle of their heads. */
class RequestHeadDeadlineTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  /**
   * How long the connections may take to reach the state a test sweeps: once 5 s were not enough
   * in a clean-clone CI run, two test JVMs sharing two cores.
   */
  private static final Duration SETUP = Duration.ofSeconds(30);

  private Server server;
  private ServerConnector connector;
  private final List<Socket> sockets = new ArrayList<>();
  private final AtomicInteger closed = new AtomicInteger();

  @BeforeEach
  void startServer() throws Exception {
    server = new Server();
    connector = new ServerConnector(server, new HttpConnectionFactory());
    connector.setPort(0);
    server.addConnector(connector);
    server.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    for (Socket socket : sockets) {
      socket.close();
    }
    server.stop();
  }

  @Test
  void shouldCloseAHeadUnfinishedPastTheDeadlineOnly() throws IOException {
    openInHead(1);
    assertClosedOnlyAt(sweeper(100), DEADLINE, 1);
  }

  @Test
  void shouldCloseHeadsAfterOneSecondWhileMoreThanHalfTheConnectionsAreOpen() throws IOException {
    openInHead(3);
    assertClosedOnlyAt(sweeper(4), RequestHeadDeadline.UNDER_PRESSURE, 3);
  }

  @Test
  void shouldLeaveAConnectionIdleBetweenRequestsToTheIdleTimeout() throws IOException {
    Socket socket = new Socket("localhost", connector.getLocalPort());
    sockets.add(socket);
    await().atMost(SETUP).until(() -> connector.getConnectedEndPoints().size() == 1);
    RequestHeadDeadline deadline = sweeper(100);

    deadline.sweep(0);
    deadline.sweep(10 * DEADLINE.toNanos());

    assertThat(closed).hasValue(0);
  }

  @Test
  void shouldCloseAConnectionThatTricklesLineBreaksBeforeARequest() throws IOException {
    // Jetty's parser skips line breaks before a request while it stays at its start
    Socket socket = new Socket("localhost", connector.getLocalPort());
    sockets.add(socket);
    socket.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    await()
        .atMost(SETUP)
        .until(
            () ->
                connector.getConnectedEndPoints().stream()
                    .anyMatch(e -> e.getConnection() instanceof HttpConnection http && http.getBytesIn() > 0));
    assertClosedOnlyAt(sweeper(100), DEADLINE, 1);
  }

  /** Sweeps at 0, just before {@code allowed} (nothing closed) and at it ({@code count} closed). */
  private void assertClosedOnlyAt(RequestHeadDeadline deadline, Duration allowed, int count) {
    deadline.sweep(0);
    deadline.sweep(allowed.toNanos() - 1);
    assertThat(closed).hasValue(0);

    deadline.sweep(allowed.toNanos());
    assertThat(closed).hasValue(count);
  }

  private RequestHeadDeadline sweeper(int maxConnections) {
    return new RequestHeadDeadline(connector, DEADLINE, maxConnections, closed::incrementAndGet);
  }

  /** {@code count} connections that sent part of a request line and headers, as Jetty parsed it. */
  private void openInHead(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      Socket socket = new Socket("localhost", connector.getLocalPort());
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: loc".getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      sockets.add(socket);
    }
    await()
        .atMost(SETUP)
        .until(
            () ->
                connector.getConnectedEndPoints().size() == count
                    && connector.getConnectedEndPoints().stream().allMatch(this::inHead));
  }

  private boolean inHead(EndPoint endPoint) {
    return endPoint.getConnection() instanceof HttpConnection http
        && !http.getParser().isStart()
        && http.getParser().inHeaderState();
  }
}
