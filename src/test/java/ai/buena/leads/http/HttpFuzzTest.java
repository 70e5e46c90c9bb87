package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

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

  @BeforeContainer
  static void startServer() {
    api = new RunningApi();
    reader = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read");
    lacking = api.keys.issue(WorkspaceLeads.BETA, "linkedin:read");
    revoked = api.keys.issueRevoked(WorkspaceLeads.ALPHA, "leads:read");
  }

  @AfterContainer
  static void stopServer() {
    api.close();
  }

  @Property(tries = 150)
  void answersAnyQueryStringInTheContractsShape(
      @ForAll("queryStrings") String query,
      @ForAll("keyHeaders") List<Map.Entry<String, String>> keys) {
    assertAnsweredInTheContractsShape(RawRequest.get(ApiServer.LEADS + "?" + query, keys));
  }

  @Property(tries = 100)
  void answersAnyPathInTheContractsShape(
      @ForAll("paths") String path, @ForAll("keyHeaders") List<Map.Entry<String, String>> keys) {
    assertAnsweredInTheContractsShape(RawRequest.get(path, keys));
  }

  @Property(tries = 100)
  void answersAnyHeadersInTheContractsShape(
      @ForAll("targets") String target,
      @ForAll("headerLists") List<Map.Entry<String, String>> headers) {
    assertAnsweredInTheContractsShape(
        new RawRequest("GET", target, "HTTP/1.1", headers, new byte[0]));
  }

  @Property(tries = 80)
  void answersAnyMethodInTheContractsShape(
      @ForAll("methods") String method,
      @ForAll("targets") String target,
      @ForAll("versions") String version,
      @ForAll("keyHeaders") List<Map.Entry<String, String>> keys,
      @ForAll("bodies") byte[] body) {
    assertAnsweredInTheContractsShape(
        RawRequest.get(target, keys).withMethod(method).withVersion(version).withBody(body));
  }

  private static void assertAnsweredInTheContractsShape(RawRequest request) {
    Optional<ApiResponse> answer = RawHttp.exchange(api.port(), request.bytes());
    assertThat(answer).as("an answer to %s", request).isPresent();
    ApiResponse response = answer.get();
    String context = "answer " + response.status() + " " + response.body() + "\nto " + request;

    assertThat(response.status()).as(context).isBetween(200, 499);
    assertThat(response.header("Server")).as(context).isEmpty();
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

  @Provide
  Arbitrary<String> queryStrings() {
    Arbitrary<String> pair =
        Arbitraries.frequencyOf(
            Tuple.of(6, Combinators.combine(names(), values()).as((n, v) -> n + "=" + v)),
            Tuple.of(1, names()),
            Tuple.of(1, values().map(v -> "=" + v)),
            Tuple.of(1, Arbitraries.of("=", "", "&&", "==", "?", "a==b", "&=&", "%3D", "#x")));
    Arbitrary<String> pairs = pair.list().ofMaxSize(8).map(list -> String.join("&", list));
    Arbitrary<String> repeated =
        Combinators.combine(
                Arbitraries.of(PARAMETERS), values(), Arbitraries.integers().between(2, 5))
            .as(
                (name, value, times) ->
                    String.join("&", Collections.nCopies(times, name + "=" + value)));
    return Arbitraries.frequencyOf(
        Tuple.of(6, pairs),
        Tuple.of(2, repeated),
        Tuple.of(1, Arbitraries.of("", "&&&", "=", "&", "?", "??page=1", "&page=2&", "page")));
  }

  private static Arbitrary<String> names() {
    return Arbitraries.frequencyOf(
        Tuple.of(5, Arbitraries.of(PARAMETERS)),
        Tuple.of(1, percentEncodedBytes(16)),
        Tuple.of(1, rawUnicode(12)),
        Tuple.of(
            1, Arbitraries.of("PAGE", "Limit", "page[]", "page.x", "%70age", "sort%42y", "%00")));
  }

  private static Arbitrary<String> values() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            4,
            Arbitraries.of(
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
        Tuple.of(2, percentEncodedBytes(64)),
        Tuple.of(2, rawUnicode(40)),
        Tuple.of(1, huge()));
  }

  /** Up to about 8 KB of one value. */
  private static Arbitrary<String> huge() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars("abcXYZ019-_.~+").ofMinLength(1_000).ofMaxLength(8_192),
        Arbitraries.integers().between(1, 680).map(n -> "%F0%9F%98%80".repeat(n)),
        percentEncodedBytes(2_700));
  }

  private static Arbitrary<String> percentEncodedBytes(int maxBytes) {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMaxSize(maxBytes)
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

  /** Any characters, sent raw as UTF-8, except those that would end the request line. */
  private static Arbitrary<String> rawUnicode(int maxLength) {
    return Arbitraries.strings()
        .all()
        .ofMinLength(1)
        .ofMaxLength(maxLength)
        .map(
            text -> {
              StringBuilder safe = new StringBuilder();
              text.codePoints()
                  .forEach(c -> safe.appendCodePoint(c <= 0x20 || c == 0x7f ? 'x' : c));
              return safe.toString();
            });
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> segment =
        Arbitraries.frequencyOf(
            Tuple.of(
                3, Arbitraries.of("leads", "health", "lead_abc123", "lead_beta01", "v2", "api")),
            Tuple.of(
                3,
                Arbitraries.of(
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
            Tuple.of(2, Arbitraries.strings().withChars(HARMLESS_LETTERS).ofMaxLength(12)),
            Tuple.of(1, rawUnicode(12)),
            Tuple.of(1, percentEncodedBytes(24)),
            Tuple.of(
                1,
                Arbitraries.strings()
                    .withChars(HARMLESS_LETTERS)
                    .ofMinLength(1_000)
                    .ofMaxLength(9_000)));
    Arbitrary<List<String>> segments = segment.list().ofMaxSize(6);
    return Arbitraries.frequencyOf(
        Tuple.of(4, segments.map(s -> "/api/v2/" + String.join("/", s))),
        Tuple.of(2, segments.map(s -> "/" + String.join("/", s))),
        Tuple.of(
            1,
            Arbitraries.of(
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

  @Provide
  Arbitrary<String> targets() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            2,
            Arbitraries.of(
                ApiServer.LEADS,
                ApiServer.KEY_HEALTH,
                "/api/v2/leads/lead_abc123",
                "/api/v2/leads?limit=5&status=new",
                "/api/v2/leads?limit=0",
                "/nope")),
        Tuple.of(1, paths()));
  }

  /** Mostly one valid key, so that most requests get past authentication; else none, or two. */
  @Provide
  Arbitrary<List<Map.Entry<String, String>>> keyHeaders() {
    Arbitrary<Map.Entry<String, String>> header = keyHeader();
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(List.of(Map.entry(Authenticator.HEADER, reader)))),
        Tuple.of(3, header.list().ofSize(1)),
        Tuple.of(1, Arbitraries.just(List.of())),
        Tuple.of(1, header.list().ofSize(2)));
  }

  private static Arbitrary<Map.Entry<String, String>> keyHeader() {
    Arbitrary<String> name = Arbitraries.of("x-api-key", "X-API-KEY", "X-Api-Key");
    Arbitrary<String> value =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.just(reader)),
            Tuple.of(
                3,
                Arbitraries.of(
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
            Tuple.of(
                1,
                Arbitraries.strings()
                    .withChars("abcdef0123456789")
                    .ofMaxLength(17_000)
                    .map(hex -> "bna_" + hex)),
            Tuple.of(
                1,
                Arbitraries.strings()
                    .withCharRange('!', '~')
                    .withChars('\t', ' ', 'é', '\u0001')
                    .ofMaxLength(80)));
    return Combinators.combine(name, value).as(Map::entry);
  }

  @Provide
  Arbitrary<List<Map.Entry<String, String>>> headerLists() {
    Arbitrary<String> headerValue =
        Arbitraries.oneOf(
            Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60),
            Arbitraries.strings().withCharRange('!', '\u00ff').withChars('\t').ofMaxLength(60),
            Arbitraries.of(
                "gzip", "deflate, br", "*", "identity", "bytes=0-10", "*/*", "text/html"));
    Arbitrary<String> commonName =
        Arbitraries.of(
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
            "Access-Control-Request-Method");
    Arbitrary<String> tokenName =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars("-_.!#$%&'*+^`|~0123456789")
            .ofMinLength(1)
            .ofMaxLength(30);
    Arbitrary<Map.Entry<String, String>> header =
        Arbitraries.frequencyOf(
            Tuple.of(4, Combinators.combine(commonName, headerValue).as(Map::entry)),
            Tuple.of(2, Combinators.combine(tokenName, headerValue).as(Map::entry)),
            Tuple.of(2, keyHeader()),
            Tuple.of(
                1,
                Combinators.combine(
                        Arbitraries.of("X-Padding", "Cookie", "User-Agent"),
                        Arbitraries.strings().withChars("abcxyz=;").ofMaxLength(17_000))
                    .as(Map::entry)),
            Tuple.of(
                1,
                Arbitraries.of(
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
    Arbitrary<Boolean> withHost = Arbitraries.of(true, true, true, false);
    return Combinators.combine(header.list().ofMaxSize(10), withHost)
        .as((headers, host) -> host ? RawRequest.withHost(headers) : headers);
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.frequencyOf(
        Tuple.of(
            4,
            Arbitraries.of(
                "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT")),
        Tuple.of(
            1,
            Arbitraries.of(
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
        Tuple.of(1, Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(12)));
  }

  @Provide
  Arbitrary<String> versions() {
    return Arbitraries.of("HTTP/1.1", "HTTP/1.1", "HTTP/1.0");
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just(new byte[0])),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(2_000)));
  }
}
