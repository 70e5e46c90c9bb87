package ai.buena.leads.testing;

import java.net.http.HttpRequest;
import java.util.Arrays;

/**
 * Requests that ask the server to close the connection after its answer. A stopping Jetty server
 * waits for every idle kept-alive connection until its shutdown idle timeout (1 s): a test that
 * starts and stops a server per case would spend that second on each stop. The JDK client sends
 * the header only with {@code -Djdk.httpclient.allowRestrictedHeaders=connection} (the surefire and
 * failsafe argLines set it); without it (e.g. in an IDE) connections stay alive and stops are slower.
 */
public final class ClosedConnections {
  private static final boolean ALLOWED =
      Arrays.stream(System.getProperty("jdk.httpclient.allowRestrictedHeaders", "").split(","))
          .anyMatch(name -> name.trim().equalsIgnoreCase("connection"));

  private ClosedConnections() {}

  public static HttpRequest.Builder closeAfterAnswer(HttpRequest.Builder request) {
    return ALLOWED ? request.header("Connection", "close") : request;
  }
}
