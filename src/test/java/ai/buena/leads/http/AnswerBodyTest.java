package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.http.Readiness.Status;
import ai.buena.leads.lead.Lead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How a list answer's body goes on the wire: its length up front, gzip only when asked. */
class AnswerBodyTest {
  private static final String LIST = "/api/v2/leads?limit=100";

  private static final TestKeys KEYS = new TestKeys();
  private static ApiServer server;
  private static String key;

  /** A hundred leads: a page of them (~45 KB) is larger than Jetty's output buffer (32 KiB). */
  @BeforeAll
  static void startServer() {
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Lead john = WorkspaceLeads.JOHN;
      leads.add(
          new Lead(
              String.format("lead_big%03d", i), john.workspaceId(), john.firstName(),
              john.lastName(), john.email(), john.linkedinUrl(), john.company(), john.title(),
              john.phone(), john.location(), john.status(), john.source(), john.notes(),
              john.tags(), john.customFields(), john.createdAt().plusSeconds(i), john.updatedAt(),
              john.lastContactedAt()));
    }
    server = ApiServer.start(0, Status::ok, new TestLeadQueries(leads), KEYS);
    key = KEYS.issue(WorkspaceLeads.ALPHA, "leads:read");
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void shouldSendAListAnswerWithItsContentLengthAndNotInChunks() {
    ApiResponse answer = exchange(List.of(Map.entry("x-api-key", key)));

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().length()).isGreaterThan(32 * 1024);
    assertThat(answer.headers()).doesNotContainKey("transfer-encoding");
    assertThat(answer.headers().get("content-length"))
        .containsExactly(
            Integer.toString(answer.body().getBytes(StandardCharsets.UTF_8).length));
  }

  @Test
  void shouldGzipALargeListAnswerWhenTheClientAcceptsGzip() {
    ApiResponse plain = exchange(List.of(Map.entry("x-api-key", key)));

    ApiResponse gzipped =
        exchange(List.of(Map.entry("x-api-key", key), Map.entry("Accept-Encoding", "gzip")));

    assertThat(plain.body().length()).isGreaterThan(1_500);
    assertThat(gzipped.headers().get("content-encoding")).containsExactly("gzip");
    assertThat(gzipped.body()).isEqualTo(plain.body());
  }

  @Test
  void shouldSendTheContentLengthToAClientAcceptingOnlyEncodingsNotOffered() {
    ApiResponse answer =
        exchange(List.of(Map.entry("x-api-key", key), Map.entry("Accept-Encoding", "br")));

    assertThat(answer.headers()).doesNotContainKey("transfer-encoding").doesNotContainKey("content-encoding");
    assertThat(answer.headers().get("content-length"))
        .containsExactly(Integer.toString(answer.body().getBytes(StandardCharsets.UTF_8).length));
  }

  @Test
  void shouldSendTheContentLengthOfAnAnswerTooSmallToGzip() {
    ApiResponse answer =
        exchange(
            "/api/v2/leads?limit=1",
            List.of(Map.entry("x-api-key", key), Map.entry("Accept-Encoding", "gzip")));

    assertThat(answer.body().length()).isLessThan(1_500);
    assertThat(answer.headers()).doesNotContainKey("transfer-encoding").doesNotContainKey("content-encoding");
    assertThat(answer.headers().get("content-length"))
        .containsExactly(Integer.toString(answer.body().getBytes(StandardCharsets.UTF_8).length));
  }

  @Test
  void shouldSayThatTheAnswerVariesByAcceptEncoding() {
    ApiResponse plain = exchange(List.of(Map.entry("x-api-key", key)));
    ApiResponse gzipped =
        exchange(List.of(Map.entry("x-api-key", key), Map.entry("Accept-Encoding", "gzip")));
    ApiResponse refused = exchange(List.of());

    assertThat(plain.headers().get("vary")).containsExactly("Accept-Encoding");
    assertThat(gzipped.headers().get("vary")).containsExactly("Accept-Encoding");
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.headers().get("vary")).containsExactly("Accept-Encoding");
  }

  @Test
  void shouldGzipAtTheFastestLevel() throws IOException {
    byte[] plain = exchange(List.of(Map.entry("x-api-key", key))).body().getBytes(StandardCharsets.UTF_8);

    ApiResponse gzipped =
        exchange(List.of(Map.entry("x-api-key", key), Map.entry("Accept-Encoding", "gzip")));

    assertThat(gzippedLength(plain, 1)).isNotEqualTo(gzippedLength(plain, 6));
    assertThat(gzipped.headers().get("content-length"))
        .containsExactly(Integer.toString(gzippedLength(plain, 1)));
  }

  @Test
  void shouldAnswerAHeadOfTheListWithoutABody() {
    ApiResponse head =
        RawHttp.exchange(
                server.port(),
                RawRequest.get(LIST, List.of(Map.entry("x-api-key", key))).withMethod("HEAD").bytes())
            .orElseThrow();

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  private static int gzippedLength(byte[] body, int level) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip =
        new GZIPOutputStream(out) {
          {
            def.setLevel(level);
          }
        }) {
      gzip.write(body);
    }
    return out.size();
  }

  private static ApiResponse exchange(List<Map.Entry<String, String>> headers) {
    return exchange(LIST, headers);
  }

  private static ApiResponse exchange(String target, List<Map.Entry<String, String>> headers) {
    return RawHttp.exchange(server.port(), RawRequest.get(target, headers).bytes()).orElseThrow();
  }
}
