package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** New connections beyond what Jetty accepts wait in the kernel's queue, not for a resent SYN. */
class AcceptQueueTest {
  /** Twice as many as the JDK's default queue (50) holds. */
  private static final int WAITING = 100;

  private final List<Socket> holders = new ArrayList<>();
  private final List<SocketChannel> waiting = new ArrayList<>();
  private Server server;
  private ServerConnector connector;

  @BeforeEach
  void startServerAcceptingTwoConnections() throws Exception {
    server = new Server();
    connector =
        JettySetup.connector(
            server,
            new HttpConfiguration(),
            0,
            Duration.ofSeconds(30),
            Duration.ofSeconds(30),
            () -> {},
            2);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            response.setStatus(204);
            callback.succeeded();
            return true;
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    for (Socket holder : holders) {
      holder.close();
    }
    for (SocketChannel channel : waiting) {
      channel.close();
    }
    server.stop();
  }

  @Test
  void completesTheHandshakeOfEveryConnectionArrivingWhileTheConnectionLimitIsReached()
      throws IOException {
    holders.add(new Socket("localhost", connector.getLocalPort()));
    holders.add(new Socket("localhost", connector.getLocalPort()));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> connector.getConnectedEndPoints().size() == 2);

    for (int i = 0; i < WAITING; i++) {
      SocketChannel channel = SocketChannel.open();
      channel.configureBlocking(false);
      channel.connect(new InetSocketAddress("localhost", connector.getLocalPort()));
      waiting.add(channel);
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> connected(waiting), connected -> connected == WAITING);
    assertThat(connector.getConnectedEndPoints()).hasSize(2);
  }

  private static long connected(List<SocketChannel> channels) throws IOException {
    long connected = 0;
    for (SocketChannel channel : channels) {
      if (channel.isConnected() || channel.finishConnect()) {
        connected++;
      }
    }
    return connected;
  }
}
