package ai.buena.leads.testing;

import java.net.http.HttpRequest;

/**
 * Requests that ask the server to close the connection after its answer. A stopping Jetty server
 * waits for every idle kept-alive connection until its shutdown idle timeout (1 s): a test that
 * starts and stops a server per case would spend that second on each stop. Needs {@code
 * -Djdk.httpclient.allowRestrictedHeaders=connection} (set in the surefire argLine).
 */
public final class ClosedConnections {
  private ClosedConnections() {}

  public static HttpRequest.Builder closeAfterAnswer(HttpRequest.Builder request) {
    return request.header("Connection", "close");
  }
}
