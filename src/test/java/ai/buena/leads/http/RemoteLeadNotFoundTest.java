package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.Answered;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.query.StandbyBound;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A peer's 404 means "no such lead" only when the internal lead route says so. */
class RemoteLeadNotFoundTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private HttpServer peer;

  @AfterEach
  void stop() {
    if (peer != null) {
      peer.stop(0);
    }
  }

  private HostAddress peerAnswering404With(String body) throws IOException {
    peer = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    peer.createContext(
        "/",
        exchange -> {
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(404, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    peer.start();
    return new HostAddress("localhost", peer.getAddress().getPort());
  }

  private CompletableFuture<Answered<Optional<Lead>>> askForALead(HostAddress host) {
    return new HttpRemoteInstances(IndexedApi.CLUSTER_SECRET, DEADLINE)
        .lead(host, "ws_1", "lead_1", StandbyBound.OFF, null);
  }

  @Test
  void shouldTakeTheLeadRoutesNotFoundForNoSuchLead() throws IOException {
    HostAddress host =
        peerAnswering404With(
            "{\"error\":true,\"code\":\"NOT_FOUND\",\"message\":\"Lead not found\",\"version\":\"2.0\"}");

    assertThat(askForALead(host)).succeedsWithin(DEADLINE).extracting(Answered::value).isEqualTo(Optional.empty());
  }

  @Test
  void shouldTakeA404OfAnythingElseAtThePeersAddressForAFailure() throws IOException {
    HostAddress host =
        peerAnswering404With(
            "{\"error\":true,\"code\":\"NOT_FOUND\",\"message\":\"Route not found\",\"version\":\"2.0\"}");

    assertThat(askForALead(host)).failsWithin(DEADLINE);
  }

  @Test
  void shouldTakeA404WithoutAJsonBodyForAFailure() throws IOException {
    HostAddress host = peerAnswering404With("<html>Not Found</html>");

    assertThat(askForALead(host)).failsWithin(DEADLINE);
  }
}
