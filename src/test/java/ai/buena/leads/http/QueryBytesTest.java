package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Query strings whose bytes are sent as they are, not percent-encoded. */
class QueryBytesTest {
  private RunningApi api;
  private String key;

  @BeforeEach
  void startServer() {
    api = new RunningApi(ServerOptions.defaults());
    key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
  }

  @AfterEach
  void stopServer() {
    api.close();
  }

  /** A GET of {@code /api/v2/leads?} followed by {@code query}'s bytes exactly. */
  private ApiResponse list(byte[] query) {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(("GET " + ApiServer.LEADS + "?").getBytes(StandardCharsets.US_ASCII));
    request.writeBytes(query);
    request.writeBytes(
        (" HTTP/1.1\r\nHost: localhost\r\nx-api-key: " + key + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    return RawHttp.exchange(api.port(), request.toByteArray()).orElseThrow();
  }

  private static byte[] bytes(String ascii, int... raw) {
    byte[] prefix = ascii.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[prefix.length + raw.length];
    System.arraycopy(prefix, 0, all, 0, prefix.length);
    for (int i = 0; i < raw.length; i++) {
      all[prefix.length + i] = (byte) raw[i];
    }
    return all;
  }

  @Test
  void shouldNameEveryParameterWhoseUnencodedBytesAreNotUtf8() {
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(bytes("status=", 0xFF));
    both.writeBytes(bytes("&title=", 0xFF));
    both.writeBytes(bytes("&search=", 0xFF, 0xFE));

    ApiResponse response = list(both.toByteArray());

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.json().at("/details/invalidParams").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("status", "title", "search");
  }

  @Test
  void shouldAcceptUnencodedUtf8InAValue() {
    ApiResponse response = list("title=K\u00f6ln".getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }
}
