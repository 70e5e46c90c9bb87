package ai.buena.leads.http;

import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import java.time.Duration;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty's bounds (request sizes, connections open at once, how long one may stay silent) and how
 * answers are compressed.
 */
final class JettySetup {
  /** Every valid query of the contract fits, with room for the other headers. */
  static final int MAX_REQUEST_HEADER_BYTES = 16 * 1024;

  /** No route reads a body; should one ever call {@code ctx.body()}, Javalin stops here. */
  static final long MAX_REQUEST_BODY_BYTES = 16 * 1024;

  /**
   * Connections open at once; beyond, Jetty stops accepting until one closes. Jetty's thread pool
   * keeps its job queue unbounded (its maintainers warn that a bounded queue may reject Jetty's own
   * critical jobs); an HTTP/1.1 connection has at most one request in work at a time, so this
   * bounds that queue, and load shedding answers 503 long before, at the in-flight limit.
   */
  static final int MAX_CONNECTIONS = 4_096;

  /**
   * Connections whose handshake the kernel completes and holds until Jetty accepts them. Jetty
   * leaves the number to the JDK, which asks for 50: a burst of new connections beyond that (a
   * thousand clients connecting at once, or any while {@link #MAX_CONNECTIONS} are open) had its
   * SYNs dropped, and its clients waited 1, 3, 7 and 15 s to send them again. Linux caps it at
   * {@code net.core.somaxconn} (4,096 since Linux 5.4).
   */
  static final int ACCEPT_QUEUE = 1_024;

  /**
   * Answers of 1,500 bytes or more, for a client that accepts gzip, at level 1 (nginx's default),
   * not Javalin's 6: a page of 100 leads (52 KB) compresses in ~0.23 ms of CPU instead of ~0.85 ms,
   * about as long as the service takes to compute and write it, to 13.1 KB instead of 10.6 KB.
   * {@code fetch} and Python's {@code requests}, the clients of the API page's examples, ask for
   * gzip unless told otherwise.
   */
  static final CompressionStrategy COMPRESSION = new CompressionStrategy(null, new Gzip(1));

  private JettySetup() {}

  static void configure(HttpConfiguration http) {
    // Jetty counts the request line against this too: a longer URI answers 414, headers 431.
    http.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
    // Jetty would decode the legacy %uXXXX escape that Javalin's path decoding then throws on.
    http.setUriCompliance(
        http.getUriCompliance().without("no %u escapes", UriCompliance.Violation.UTF16_ENCODINGS));
  }

  static ServerConnector connector(
      Server server,
      HttpConfiguration http,
      int port,
      Duration idle,
      Duration headDeadline,
      Runnable onHeadTooSlow,
      int maxConnections) {
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setPort(port);
    connector.setIdleTimeout(idle.toMillis());
    connector.setAcceptQueueSize(ACCEPT_QUEUE);
    connector.addBean(new NetworkConnectionLimit(maxConnections, connector));
    connector.addBean(
        new RequestHeadDeadline(connector, headDeadline, maxConnections, onHeadTooSlow));
    return connector;
  }
}
