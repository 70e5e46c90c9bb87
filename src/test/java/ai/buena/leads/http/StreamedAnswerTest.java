package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.http.Readiness.Status;
import ai.buena.leads.lead.Lead;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Answers larger than a thread's kept buffer (128 KiB) are streamed as they are written, in
 * chunks, so a page of the largest leads is never held whole beside the leads; a failure once
 * bytes are sent breaks the answer instead of ending it like a whole one.
 */
class StreamedAnswerTest {
  private static final String ASCENDING = "/api/v2/leads?limit=100&sortBy=createdAt&sortOrder=asc";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TestKeys KEYS = new TestKeys();
  /** A custom field value whose writing fails. */
  private static final Object UNWRITABLE =
      new Object() {
        @Override
        public String toString() {
          throw new IllegalStateException("cannot be written");
        }
      };

  private ApiServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldStreamAnAnswerLargerThanTheKeptBufferInChunksAndWhole() throws IOException {
    String key = start(leadsWithNotes(100, 5_000, -1));

    HttpResponse<String> answer = keptAliveGet(key, ASCENDING);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("content-length")).isEmpty();
    assertThat(answer.headers().allValues("transfer-encoding")).containsExactly("chunked");
    assertThat(answer.body().length()).isGreaterThan(4 * AnswerBuffer.KEPT_BYTES);
    JsonNode leads = JSON.readTree(answer.body()).path("data").path("leads");
    assertThat(leads).hasSize(100);
    for (int i = 0; i < 100; i++) {
      assertThat(leads.get(i).path("id").asText()).isEqualTo(id(i));
      assertThat(leads.get(i).path("notes").asText()).hasSize(5_000);
    }
  }

  @Test
  void shouldGzipAStreamedAnswerForAClientThatAcceptsGzip() throws IOException {
    // each stored lead larger than the kept buffer, copied into the answer at once: the answer's
    // first bytes to the response are only its opening, then a whole lead
    server =
        ApiServer.start(
            0, Status::ok, new TestLeadQueries(leadsWithNotes(3, 200_000, -1)).inStoredForm(), KEYS);
    String key = KEYS.issue(WorkspaceLeads.ALPHA, "leads:read");
    String plain = keptAliveGet(key, ASCENDING).body();

    HttpResponse<byte[]> gzipped = gzipGet(key, ASCENDING);

    assertThat(gzipped.statusCode()).isEqualTo(200);
    assertThat(gzipped.headers().allValues("content-encoding")).containsExactly("gzip");
    assertThat(gzipped.body().length).isLessThan(plain.length() / 10);
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(plain);
    }
  }

  @Test
  void shouldKeepTheLengthOfAnAnswerThatFitsTheKeptBuffer() {
    String key = start(leadsWithNotes(10, 5_000, -1));

    ApiResponse answer = exchange(key, ASCENDING);

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.headers()).doesNotContainKey("transfer-encoding");
    assertThat(answer.headers().get("content-length"))
        .containsExactly(
            Integer.toString(answer.body().getBytes(StandardCharsets.UTF_8).length));
  }

  @Test
  void shouldBreakAStreamedAnswerWhoseWritingFailsInsteadOfEndingItAsWhole() throws IOException {
    // the 80th lead cannot be written, long after the first bytes were sent
    String key = start(leadsWithNotes(100, 5_000, 80));
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    root.addAppender(logged);

    byte[] raw;
    try {
      raw = rawExchange(key, ASCENDING);
      // logged once, by the error handler, and by no one else as the request ends
      awaitWarningsSettledFrom(logged, List.of(ErrorResponses.class.getName()));
    } finally {
      root.detachAppender(logged);
    }

    String head = new String(raw, 0, Math.min(raw.length, 200), StandardCharsets.ISO_8859_1);
    assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
    assertThat(raw.length).isGreaterThan(AnswerBuffer.KEPT_BYTES);
    String tail =
        new String(raw, Math.max(0, raw.length - 7), Math.min(7, raw.length), StandardCharsets.ISO_8859_1);
    assertThat(tail).as("no last chunk: the client cannot take it for a whole answer")
        .doesNotEndWith("\r\n0\r\n\r\n");
    String whole = new String(raw, StandardCharsets.UTF_8);
    assertThat(whole).doesNotContain("INTERNAL_ERROR");
  }

  @Test
  void shouldLogAClientThatClosesMidAnswerAtDebugOnlyWithoutAStackTrace() throws IOException {
    // ~10 MB: more than the sockets' buffers hold, so the server is still writing at the close
    String key = start(leadsWithNotes(100, 100_000, -1));
    Logger jsonBody = (Logger) LoggerFactory.getLogger(JsonBody.class);
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    Level level = jsonBody.getLevel();
    jsonBody.setLevel(Level.DEBUG);
    root.addAppender(logged);
    try {
      try (Socket socket = new Socket("localhost", server.port())) {
        socket.setSoLinger(true, 0);
        socket.getOutputStream().write(keptAliveRequest(key, ASCENDING));
        socket.getInputStream().readNBytes(1024);
      }

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(List.copyOf(logged.list))
                      .filteredOn(event -> event.getLoggerName().equals(JsonBody.class.getName()))
                      .singleElement()
                      .satisfies(
                          event -> {
                            assertThat(event.getLoggerName()).isEqualTo(JsonBody.class.getName());
                            assertThat(event.getLevel()).isEqualTo(Level.DEBUG);
                            assertThat(event.getFormattedMessage())
                                .contains("the connection failed while the answer was sent");
                            assertThat(event.getThrowableProxy()).isNull();
                          }));
      // nothing at WARN or above from anyone (Javalin, Jetty) as the request ends, either
      awaitWarningsSettledFrom(logged, List.of());
    } finally {
      root.detachAppender(logged);
      jsonBody.setLevel(level);
    }
  }

  /**
   * Until the events at WARN or above have come from exactly {@code loggers}, in order, and stayed
   * so for half a second (a failure of Javalin's own comes after the handler has returned).
   */
  private static void awaitWarningsSettledFrom(
      ListAppender<ILoggingEvent> logged, List<String> loggers) {
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                List.copyOf(logged.list).stream()
                    .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                    .map(ILoggingEvent::getLoggerName)
                    .toList()
                    .equals(loggers));
  }

  private String start(List<Lead> leads) {
    server = ApiServer.start(0, Status::ok, new TestLeadQueries(leads), KEYS);
    return KEYS.issue(WorkspaceLeads.ALPHA, "leads:read");
  }

  /** {@code count} leads with notes of {@code noteLength}; the one at {@code broken} unwritable. */
  private static List<Lead> leadsWithNotes(int count, int noteLength, int broken) {
    Lead john = WorkspaceLeads.JOHN;
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String notes = "n".repeat(noteLength);
      Map<String, Object> custom = i == broken ? Map.of("unwritable", UNWRITABLE) : john.customFields();
      leads.add(
          new Lead(
              id(i), john.workspaceId(), john.firstName(), john.lastName(), john.email(),
              john.linkedinUrl(), john.company(), john.title(), john.phone(), john.location(),
              john.status(), john.source(), notes, john.tags(), custom,
              john.createdAt().plusSeconds(i), john.updatedAt(), john.lastContactedAt()));
    }
    return leads;
  }

  private static String id(int i) {
    return String.format("lead_s%03d", i);
  }

  private ApiResponse exchange(String key, String path) {
    return RawHttp.exchange(server.port(), RawRequest.get(path, List.of(Map.entry("x-api-key", key))).bytes())
        .orElseThrow();
  }

  private HttpResponse<byte[]> gzipGet(String key, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                  .header("x-api-key", key)
                  .header("Accept-Encoding", "gzip")
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> keptAliveGet(String key, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                  .header("x-api-key", key)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] keptAliveRequest(String key, String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nx-api-key: " + key + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** A kept-alive request's raw answer, read until the server closes the connection. */
  private byte[] rawExchange(String key, String path) throws IOException {
    try (Socket socket = new Socket("localhost", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(keptAliveRequest(key, path));
      out.flush();
      InputStream in = socket.getInputStream();
      return RawHttp.readUntilClosed(in);
    }
  }
}
