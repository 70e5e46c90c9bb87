package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Gen;
import ai.buena.leads.testing.Seeded;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests against the real server: whatever arrives, the answer is never a 5xx, its body
 * is JSON in the contract's error or success shape (HEAD: or nothing), it leaks no stack trace,
 * class name or Jetty page, and data comes only with one valid key.
 */
class HttpFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final List<String> LEAKS =
      List.of("java.", "exception", "ai.buena", "<html", "jetty", "org.eclipse", "\tat ");
  private static final List<String> PARAMETERS =
      List.of(
          ListLeadsParams.PAGE,
          ListLeadsParams.LIMIT,
          ListLeadsParams.STATUS,
          ListLeadsParams.SOURCE,
          ListLeadsParams.SEARCH,
          ListLeadsParams.COMPANY,
          ListLeadsParams.TITLE,
          ListLeadsParams.CREATED_AFTER,
          ListLeadsParams.CREATED_BEFORE,
          ListLeadsParams.LAST_CONTACTED_AFTER,
          ListLeadsParams.LAST_CONTACTED_BEFORE,
          ListLeadsParams.SORT_BY,
          ListLeadsParams.SORT_ORDER);

  /** Letters that cannot spell a public route (live, ready, openapi.json, metrics). */
  private static final String HARMLESS_LETTERS = "abcfghjkquwxz0189_-~";

  private static RunningApi api;
  private static String reader;
  private static String lacking;
  private static String revoked;

  @BeforeAll
  static void startServer() {
    api = new RunningApi();
    reader = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
    lacking = api.keys.issue(WorkspaceLeads.BETA, "linkedin:read");
    revoked = api.keys.issueRevoked(WorkspaceLeads.ALPHA, "leads:read");
  }

  @AfterAll
  static void stopServer() {
    api.close();
  }

  @Test
  void answersAnyQueryStringInTheContractsShape() {
    Gen<String> queries = queryStrings();
    Gen<List<Map.Entry<String, String>>> keys = keyHeaders();
    Seeded.check(
        150,
        random ->
            assertAnsweredInTheContractsShape(
                RawRequest.get(ApiServer.LEADS + "?" + queries.next(random), keys.next(random))));
  }

  @Test
  void answersAnyPathInTheContractsShape() {
    Gen<String> paths = paths();
    Gen<List<Map.Entry<String, String>>> keys = keyHeaders();
    Seeded.check(
        100,
        random ->
            assertAnsweredInTheContractsShape(
                RawRequest.get(paths.next(random), keys.next(random))));
  }

  @Test
  void answersAnyHeadersInTheContractsShape() {
    Gen<String> targets = targets();
    Gen<List<Map.Entry<String, String>>> headerLists = headerLists();
    Seeded.check(
        100,
        random ->
            assertAnsweredInTheContractsShape(
                new RawRequest(
                    "GET", targets.next(random), "HTTP/1.1", headerLists.next(random), new byte[0])));
  }

  @Test
  void answersAnyMethodInTheContractsShape() {
    Gen<String> methods = methods();
    Gen<String> targets = targets();
    Gen<String> versions = versions();
    Gen<List<Map.Entry<String, String>>> keys = keyHeaders();
    Gen<byte[]> bodies = bodies();
    Seeded.check(
        80,
        random -> {
          String method = methods.next(random);
          String target = targets.next(random);
          String version = versions.next(random);
          List<Map.Entry<String, String>> keyHeaders = keys.next(random);
          byte[] body = bodies.next(random);
          assertAnsweredInTheContractsShape(
              RawRequest.get(target, keyHeaders)
                  .withMethod(method)
                  .withVersion(version)
                  .withBody(body));
        });
  }

  private static void assertAnsweredInTheContractsShape(RawRequest request) {
    Optional<ApiResponse> answer = RawHttp.exchange(api.port(), request.bytes());
    assertThat(answer).as("an answer to %s", request).isPresent();
    ApiResponse response = answer.get();
    String context = "answer " + response.status() + " " + response.body() + "\nto " + request;

    assertThat(response.status()).as(context).isBetween(200, 499);
    assertThat(response.header("Server")).as(context).isEmpty();
    assertThat(response.header("Set-Cookie")).as(context).isEmpty();
    String lowerCaseBody = response.body().toLowerCase(Locale.ROOT);
    for (String leak : LEAKS) {
      assertThat(lowerCaseBody).as(context).doesNotContain(leak);
    }
    if (request.method().equals("HEAD") && response.body().isEmpty()) {
      return;
    }
    assertThat(response.header("Content-Type"))
        .as(context)
        .hasValueSatisfying(type -> assertThat(type).startsWith(JsonBody.CONTENT_TYPE));
    JsonNode body = json(response.body(), context);
    if (body.has("error")) {
      assertErrorShape(body, response.status(), context);
    } else {
      assertSuccessShape(body, response.status(), context);
      assertThat(keysPresented(request))
          .as("the keys behind " + context)
          .hasSize(1)
          .allSatisfy(key -> assertThat(key).isIn(reader, lacking));
    }
  }

  private static void assertErrorShape(JsonNode body, int status, String context) {
    assertThat(status).as(context).isGreaterThanOrEqualTo(400);
    assertThat(body.get("error").isBoolean() && body.get("error").asBoolean()).as(context).isTrue();
    assertThat(body.path("code").isTextual()).as(context).isTrue();
    assertThat(body.get("code").asText()).as(context).matches(CODE);
    assertThat(body.path("message").isTextual()).as(context).isTrue();
    assertThat(body.get("message").asText()).as(context).isNotBlank();
    assertThat(body.path("version").asText()).as(context).isEqualTo("2.0");
    assertThat(body.path("timestamp").asText()).as(context).matches(ApiResponse.TIMESTAMP_FORMAT);
  }

  private static void assertSuccessShape(JsonNode body, int status, String context) {
    assertThat(status).as(context).isEqualTo(200);
    assertThat(body.path("success").isBoolean() && body.get("success").asBoolean())
        .as(context)
        .isTrue();
    assertThat(body.path("data").isObject()).as(context).isTrue();
  }

  private static JsonNode json(String body, String context) {
    try {
      JsonNode node = JSON.readTree(body);
      assertThat(node).as(context).isNotNull();
      assertThat(node.isObject()).as(context).isTrue();
      return node;
    } catch (JsonProcessingException e) {
      throw new AssertionError("not JSON: " + context, e);
    }
  }

  private static List<String> keysPresented(RawRequest request) {
    return request.headers().stream()
        .filter(header -> header.getKey().equalsIgnoreCase(Authenticator.HEADER))
        .map(header -> header.getValue().strip())
        .toList();
  }

  // ---- generators ----

  private static Gen<String> queryStrings() {
    Gen<String> pair =
        Gen.frequency(
            Gen.weight(6, Gen.combine(names(), values(), (n, v) -> n + "=" + v)),
            Gen.weight(1, names()),
            Gen.weight(1, values().map(v -> "=" + v)),
            Gen.weight(1, Gen.of("=", "", "&&", "==", "?", "a==b", "&=&", "%3D", "#x")));
    Gen<String> pairs = pair.list(0, 8).map(list -> String.join("&", list));
    Gen<String> repeated =
        Gen.combine(
            Gen.combine(Gen.of(PARAMETERS), values(), (name, value) -> name + "=" + value),
            Gen.between(2, 5),
            (one, times) -> String.join("&", Collections.nCopies(times, one)));
    return Gen.frequency(
        Gen.weight(6, pairs),
        Gen.weight(2, repeated),
        Gen.weight(1, Gen.of("", "&&&", "=", "&", "?", "??page=1", "&page=2&", "page")));
  }

  private static Gen<String> names() {
    return Gen.frequency(
        Gen.weight(5, Gen.of(PARAMETERS)),
        Gen.weight(1, percentEncodedBytes(16)),
        Gen.weight(1, rawUnicode(12)),
        Gen.weight(
            1, Gen.of("PAGE", "Limit", "page[]", "page.x", "%70age", "sort%42y", "%00")));
  }

  private static Gen<String> values() {
    return Gen.frequency(
        Gen.weight(
            4,
            Gen.of(
                "1",
                "0",
                "-1",
                "100",
                "101",
                "abc",
                "new",
                "NEW",
                "linkedin",
                "createdAt",
                "asc",
                "desc",
                "2024-01-20",
                "2024-01-20T15:30:00Z",
                "2024-01-20T17:30:00%2B02:00",
                "2024-01-20T17:30:00+02:00",
                "john+software",
                "%20%20",
                "+",
                "%00",
                "%",
                "%zz",
                "%G1",
                "%1",
                "abc%",
                "%e2%82",
                "%c0%af",
                "%ed%a0%80",
                "%ff",
                "%F0%9F%98%80",
                "9999999999999999999999",
                "1e3",
                "%0d%0a",
                "%3Cscript%3E",
                "'--",
                "\\")),
        Gen.weight(2, percentEncodedBytes(64)),
        Gen.weight(2, rawUnicode(40)),
        Gen.weight(1, huge()));
  }

  /** Up to about 8 KB of one value. */
  private static Gen<String> huge() {
    return Gen.oneOf(
        Gen.string("abcXYZ019-_.~+", 1_000, 8_192),
        Gen.between(1, 680).map(n -> "%F0%9F%98%80".repeat(n)),
        percentEncodedBytes(2_700));
  }

  private static Gen<String> percentEncodedBytes(int maxBytes) {
    return Gen.bytes(0, maxBytes)
        .map(
            bytes -> {
              String hex = HexFormat.of().formatHex(bytes);
              StringBuilder encoded = new StringBuilder();
              for (int i = 0; i < hex.length(); i += 2) {
                encoded.append('%').append(hex, i, i + 2);
              }
              return encoded.toString();
            });
  }

  /**
   * Any characters (supplementary ones and lone surrogates among them), sent raw as UTF-8, except
   * those that would end the request line.
   */
  private static Gen<String> rawUnicode(int maxLength) {
    return Gen.anyText(1, maxLength)
        .map(
            text -> {
              StringBuilder safe = new StringBuilder();
              text.codePoints()
                  .forEach(c -> safe.appendCodePoint(c <= 0x20 || c == 0x7f ? 'x' : c));
              return safe.toString();
            });
  }

  private static Gen<String> paths() {
    Gen<String> segment =
        Gen.frequency(
            Gen.weight(
                3, Gen.of("leads", "health", "lead_abc123", "lead_beta01", "v2", "api")),
            Gen.weight(
                3,
                Gen.of(
                    "..",
                    ".",
                    "%2e%2e",
                    "%2E%2e",
                    ".%2e",
                    "%2e",
                    "..;",
                    "%2f",
                    "%2F",
                    "..%2f",
                    "%5c",
                    "\\",
                    "%00",
                    "%",
                    "%zz",
                    "%ff",
                    "%c0%ae%c0%ae",
                    ";x=1",
                    "",
                    "~",
                    "*",
                    "%u002e",
                    "%2f..%2f",
                    "%252e%252e",
                    "%3F",
                    "%23",
                    "#frag",
                    "?")),
            Gen.weight(2, Gen.string(HARMLESS_LETTERS, 0, 12)),
            Gen.weight(1, rawUnicode(12)),
            Gen.weight(1, percentEncodedBytes(24)),
            Gen.weight(
                1,
                Gen.string(HARMLESS_LETTERS, 1_000, 9_000)));
    Gen<List<String>> segments = segment.list(0, 6);
    return Gen.frequency(
        Gen.weight(4, segments.map(s -> "/api/v2/" + String.join("/", s))),
        Gen.weight(2, segments.map(s -> "/" + String.join("/", s))),
        Gen.weight(
            1,
            Gen.of(
                "/",
                "//",
                "/api",
                "/api/v2",
                "/api/v2/",
                "/api/v1/leads",
                "/internal/v1/partials",
                "/internal/v1/leads/lead_abc123",
                "/API/V2/LEADS",
                "//api/v2/leads",
                "/api//v2/leads",
                "*",
                "http://localhost/api/v2/leads",
                "http://other.example/api/v2/health",
                "api/v2/leads",
                "/.",
                "/..",
                "/%2e%2e/%2e%2e/etc/passwd",
                "/api/v2/leads/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                "/api/v2/leads/..%2f..%2f..%2fetc%2fpasswd",
                "/api/v2/leads/lead_abc123/..",
                "/api/v2/leads;jsessionid=1",
                "/api/v2/leads/")));
  }

  private static Gen<String> targets() {
    return Gen.frequency(
        Gen.weight(
            2,
            Gen.of(
                ApiServer.LEADS,
                ApiServer.KEY_HEALTH,
                "/api/v2/leads/lead_abc123",
                "/api/v2/leads?limit=5&status=new",
                "/api/v2/leads?limit=0",
                "/nope")),
        Gen.weight(1, paths()));
  }

  /** Mostly one valid key, so that most requests get past authentication; else none, or two. */
  private static Gen<List<Map.Entry<String, String>>> keyHeaders() {
    Gen<Map.Entry<String, String>> header = keyHeader();
    return Gen.frequency(
        Gen.weight(6, Gen.constant(List.of(Map.entry(Authenticator.HEADER, reader)))),
        Gen.weight(3, header.list(1, 1)),
        Gen.weight(1, Gen.constant(List.of())),
        Gen.weight(1, header.list(2, 2)));
  }

  private static Gen<Map.Entry<String, String>> keyHeader() {
    Gen<String> name = Gen.of("x-api-key", "X-API-KEY", "X-Api-Key");
    Gen<String> value =
        Gen.frequency(
            Gen.weight(6, Gen.constant(reader)),
            Gen.weight(
                3,
                Gen.of(
                    lacking,
                    revoked,
                    "",
                    " ",
                    "bna_" + "0".repeat(64),
                    "not-a-key",
                    reader.toUpperCase(Locale.ROOT),
                    " " + reader + " ",
                    reader + "x",
                    "bna_",
                    reader + "\t",
                    reader.substring(0, 20))),
            Gen.weight(
                1,
                Gen.string("abcdef0123456789", 0, 17_000)
                    .map(hex -> "bna_" + hex)),
            Gen.weight(
                1,
                Gen.string(range('!', '~') + "\t é\u0001", 0, 80)));
    return Gen.combine(name, value, Map::entry);
  }

  private static Gen<List<Map.Entry<String, String>>> headerLists() {
    Gen<String> headerValue =
        Gen.oneOf(
            Gen.string(' ', '~', 0, 60),
            Gen.string(range('!', '\u00ff') + "\t", 0, 60),
            Gen.of(
                "gzip", "deflate, br", "*", "identity", "bytes=0-10", "*/*", "text/html",
                "websocket", "Upgrade", "h2c", "dGhlIHNhbXBsZSBub25jZQ==", "13"));
    Gen<String> commonName =
        Gen.of(
            "Accept",
            "Accept-Encoding",
            "Accept-Language",
            "Content-Type",
            "Cookie",
            "Origin",
            "Referer",
            "User-Agent",
            "X-Forwarded-For",
            "X-Forwarded-Proto",
            "Forwarded",
            "If-None-Match",
            "If-Modified-Since",
            "Range",
            "Authorization",
            "Cache-Control",
            "Access-Control-Request-Method",
            "Upgrade",
            "Connection",
            "Sec-WebSocket-Key",
            "Sec-WebSocket-Version");
    Gen<String> tokenName =
        Gen.string(range('a', 'z') + "-_.!#$%&'*+^`|~0123456789", 1, 30);
    Gen<Map.Entry<String, String>> header =
        Gen.frequency(
            Gen.weight(4, Gen.combine(commonName, headerValue, Map::entry)),
            Gen.weight(2, Gen.combine(tokenName, headerValue, Map::entry)),
            Gen.weight(2, keyHeader()),
            Gen.weight(
                1,
                Gen.combine(
                    Gen.of("X-Padding", "Cookie", "User-Agent"),
                    Gen.string("abcxyz=;", 0, 17_000),
                    Map::entry)),
            Gen.weight(
                1,
                Gen.of(
                    Map.entry("Content-Length", "abc"),
                    Map.entry("Content-Length", "-1"),
                    Map.entry("Content-Length", "99999999999999999999"),
                    Map.entry("Content-Length", "0"),
                    Map.entry("Content-Length", "1000000000"),
                    Map.entry("Transfer-Encoding", "chunked"),
                    Map.entry("Expect", "100-continue"),
                    Map.entry("Expect", "nonsense"),
                    Map.entry("Host", "[::1"),
                    Map.entry("Host", "localhost:99999"),
                    Map.entry("Host", ""),
                    Map.entry("Host", "other.example"),
                    Map.entry("Connection", "upgrade"),
                    Map.entry("Upgrade", "h2c"),
                    Map.entry("Upgrade", "websocket"),
                    Map.entry("HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA"),
                    Map.entry("Content-Type", "application/x-www-form-urlencoded"),
                    Map.entry("Content-Type", "multipart/form-data; boundary=x"),
                    Map.entry(" x-api-key", "bna_x"),
                    Map.entry("x-api-key ", "bna_x"),
                    Map.entry("", "empty-name"),
                    Map.entry("X-Empty", ""),
                    Map.entry("X-Http-Method-Override", "DELETE"))));
    Gen<Boolean> withHost = Gen.of(true, true, true, false);
    return Gen.combine(
        header.list(0, 10), withHost, (headers, host) -> host ? RawRequest.withHost(headers) : headers);
  }

  private static Gen<String> methods() {
    return Gen.frequency(
        Gen.weight(
            4,
            Gen.of(
                "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT")),
        Gen.weight(
            1,
            Gen.of(
                "PROPFIND",
                "MKCOL",
                "get",
                "Get",
                "FOO",
                "G:T",
                "GÉT",
                "",
                "PRI",
                "X".repeat(1_000))),
        Gen.weight(1, Gen.string('A', 'Z', 1, 12)));
  }

  private static Gen<String> versions() {
    return Gen.of("HTTP/1.1", "HTTP/1.1", "HTTP/1.0");
  }

  private static Gen<byte[]> bodies() {
    return Gen.frequency(
        Gen.weight(4, Gen.constant(new byte[0])),
        Gen.weight(1, Gen.bytes(1, 2_000)));
  }

  /** The characters from {@code from} to {@code to}, both included. */
  private static String range(char from, char to) {
    StringBuilder chars = new StringBuilder();
    for (char c = from; c <= to; c++) {
      chars.append(c);
    }
    return chars.toString();
  }
}
