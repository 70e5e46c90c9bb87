package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A write's body must arrive whole within the deadline; one that does not holds nothing longer. */
class WriteBodyDeadlineTest {
  private static final Duration DEADLINE = Duration.ofMillis(500);
  private static final String CREATE =
      "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\"}";

  private WritingApi api;
  private String writer;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void start() {
    // one request in flight: 4 write permits; the idle timeout (20 s) is far beyond the deadline
    api = new WritingApi(ServerOptions.defaults().withMaxInFlight(1).withWriteBodyDeadline(DEADLINE));
    writer = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read", "leads:write");
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
    api.close();
  }

  /** Sends a create's headers declaring 100 bytes of body, and 10 of them. */
  private Socket startedCreate() throws IOException {
    Socket socket = new Socket("localhost", api.server.port());
    sockets.add(socket);
    socket.setSoTimeout(10_000);
    String head =
        "POST /api/v2/leads HTTP/1.1\r\nHost: localhost\r\n"
            + Authenticator.HEADER + ": " + writer + "\r\n"
            + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
            + "{\"firstNam";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    return socket;
  }

  private static String answer(Socket socket) {
    try (InputStream in = socket.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (SocketException reset) {
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void shouldCloseAWriteWhoseBodyIsNotWholeWithinTheDeadline() throws IOException {
    Socket stalled = startedCreate();
    long started = System.nanoTime();

    String answer = answer(stalled);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(answer).doesNotContain("HTTP/1.1 201").doesNotContain("HTTP/1.1 500");
    assertThat(api.events.records).isEmpty();
  }

  @Test
  void shouldFreeTheWritePermitsOfBodiesThatStallSoOtherWritesGoThrough() throws IOException {
    for (int i = 0; i < LoadShedding.WRITE_PERMITS_PER_READ_PERMIT; i++) {
      startedCreate();
    }

    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> api.send("POST", "/api/v2/leads", writer, CREATE).status() == 201);
  }

  @Test
  void shouldAnswer400ToABodyThatEndsBeforeItsContentLength() throws IOException {
    Socket truncated = startedCreate();
    truncated.shutdownOutput();

    String answer = answer(truncated);

    assertThat(answer).startsWith("HTTP/1.1 400").contains("Ended before it was whole");
    assertThat(api.events.records).isEmpty();
  }
}
