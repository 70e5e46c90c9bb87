package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.Cursors;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortKey;
import ai.buena.leads.query.TestLeads;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests an attacker or a careless client would send, against the real engine over real HTTP,
 * on one instance holding everything and on both instances of a two-instance cluster: real,
 * mutated, forged, truncated and re-signed cursors; deep pages of empty and tiny workspaces;
 * many-term searches; Unicode edge cases in every text parameter and in ids. The answer is always
 * a documented 200, 400, 404 or 503 with a JSON body, never a 500. Seeded: a failure prints its
 * seed; {@code -Dhostile.fuzz.seed=...} replays it.
 */
class HostileRequestFuzzTest {
  private static final int REQUESTS = 600;
  private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 404, 503);
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
  private static final String TINY = TestLeads.WORKSPACE;
  private static final String EMPTY = "ws_empty";

  private static IndexedApi single;
  private static TwoInstances cluster;
  private static final List<Target> targets = new ArrayList<>();

  private record Target(String name, IndexedApi api, Map<String, String> keyByWorkspace) {}

  @BeforeAll
  static void start() {
    List<Lead> leads = new ArrayList<>();
    String[] names = {"Ann", "ann", "\uD83D\uDE00", "e\u0301", "Zoë", null, "İlker", "\uFFFF"};
    for (int i = 0; i < names.length; i++) {
      leads.add(
          TestLeads.aLead("lead_" + i)
              .firstName(names[i])
              .company(names[(i + 3) % names.length])
              .createdAt(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i % 3))
              .build());
    }
    single = new IndexedApi(leads);
    cluster = new TwoInstances(leads);
    targets.add(new Target("single", single, keys(single.keys)));
    Map<String, String> clusterKeys = keys(cluster.keys);
    targets.add(new Target("cluster first", cluster.first, clusterKeys));
    targets.add(new Target("cluster second", cluster.second, clusterKeys));
  }

  private static Map<String, String> keys(TestKeys keys) {
    return Map.of(TINY, keys.issue(TINY, "leads:read"), EMPTY, keys.issue(EMPTY, "leads:read"));
  }

  @AfterAll
  static void stop() {
    single.close();
    cluster.close();
  }

  @Test
  void shouldAnswerEveryHostileRequestWithADocumentedStatusNeverA500() {
    long seed = Long.getLong("hostile.fuzz.seed", new Random().nextLong());
    Random random = new Random(seed);
    List<Function<Random, String>> shapes =
        List.of(
            HostileRequestFuzzTest::randomParams,
            HostileRequestFuzzTest::deepPage,
            HostileRequestFuzzTest::manyTermSearch,
            r -> "/api/v2/leads?" + cursorParams(r, mutatedCursor(r)),
            r -> "/api/v2/leads?" + cursorParams(r, forgedCursor(r)),
            r -> "/api/v2/leads?" + cursorParams(r, reSignedGarbage(r)),
            r -> "/api/v2/leads?" + cursorParams(r, truncated(r, realCursor(r))),
            r -> "/api/v2/leads?" + cursorParams(r, realCursor(r)),
            HostileRequestFuzzTest::leadById);
    for (int i = 0; i < REQUESTS; i++) {
      Target target = targets.get(random.nextInt(targets.size()));
      String workspace = random.nextBoolean() ? TINY : EMPTY;
      String request = shapes.get(random.nextInt(shapes.size())).apply(random);

      ApiResponse response =
          target.api().get(request, Authenticator.HEADER, target.keyByWorkspace().get(workspace));

      assertThat(response.status())
          .as("seed %d, request %d on %s (%s): %s -> %s", seed, i, target.name(), workspace, request, response.body())
          .isIn(DOCUMENTED);
      if (response.status() == 200) {
        assertThat(response.json().path("success").asBoolean()).as("seed %d: %s", seed, request).isTrue();
      } else {
        assertThat(response.json().path("code").asText()).as("seed %d: %s", seed, request).isNotEmpty();
      }
    }
  }

  private static String randomParams(Random random) {
    StringJoiner query = new StringJoiner("&");
    RandomQueryParams.any(random).forEach((name, values) -> values.forEach(v -> query.add(param(name, v))));
    if (random.nextInt(10) == 0) {
      // a UTF-8 encoded lone surrogate and an overlong encoding: not UTF-8 at all
      query.add("company=" + (random.nextBoolean() ? "%ED%A0%80" : "%C0%AF"));
    }
    return "/api/v2/leads?" + query;
  }

  private static String deepPage(Random random) {
    int limit = List.of(1, 10, 100).get(random.nextInt(3));
    int page =
        List.of(2, 11, 101, 1001, 10_001, Integer.MAX_VALUE, 1 + random.nextInt(Integer.MAX_VALUE))
            .get(random.nextInt(7));
    String sortBy = SortField.values()[random.nextInt(SortField.values().length)].wire();
    String filter = random.nextBoolean() ? "" : "&status=new";
    return "/api/v2/leads?limit=" + limit + "&page=" + page + "&sortBy=" + sortBy + filter;
  }

  private static String manyTermSearch(Random random) {
    return "/api/v2/leads?" + param("search", RandomQueryParams.search(random));
  }

  private static String leadById(Random random) {
    String id =
        switch (random.nextInt(5)) {
          case 0 -> "lead_" + random.nextInt(10);
          case 1 -> "x".repeat(1 + random.nextInt(3000));
          case 2 -> URLEncoder.encode(RandomQueryParams.text(random, 1 + random.nextInt(8)), StandardCharsets.UTF_8);
          case 3 -> "%ED%A0%80";
          default -> "a%2Fb";
        };
    return "/api/v2/leads/" + id;
  }

  /** A cursor of a plausible query: the one {@link #cursorParams} pairs it with, or another. */
  private static String realCursor(Random random) {
    LeadQuery query = LeadQuery.builder().sortBy(random.nextBoolean() ? SortField.FIRST_NAME : SortField.CREATED_AT).build();
    Object value =
        query.sortBy() == SortField.FIRST_NAME ? (Object) RandomQueryParams.text(random, 3) : Instant.EPOCH;
    return signed(Cursors.encode(query, new SortKey(random.nextInt(4) == 0 ? null : value, "lead_" + random.nextInt(10))));
  }

  private static String mutatedCursor(Random random) {
    byte[] bytes = DECODE.decode(realCursor(random));
    for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
      bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
    }
    return BASE64.encodeToString(bytes);
  }

  /** The probe of the issue: a real cursor with its time set past Instant's range, left unsigned or re-signed. */
  private static String forgedCursor(Random random) {
    byte[] payload =
        DECODE.decode(Cursors.encode(LeadQuery.defaults(), new SortKey(Instant.EPOCH, "lead_1")));
    ByteBuffer.wrap(payload, 10, 12).putLong(random.nextBoolean() ? Long.MAX_VALUE : random.nextLong())
        .putInt(random.nextBoolean() ? 1_000_000_000 : random.nextInt());
    String forged = BASE64.encodeToString(payload);
    return random.nextBoolean() ? forged : signed(forged);
  }

  /** Random bytes signed with the cluster's real key: only decoding stands between them and the engine. */
  private static String reSignedGarbage(Random random) {
    byte[] garbage = new byte[random.nextInt(80)];
    random.nextBytes(garbage);
    if (garbage.length > 0 && random.nextBoolean()) {
      garbage[0] = 2; // the current version, so decoding goes further
    }
    return garbage.length == 0 ? "" : signed(BASE64.encodeToString(garbage));
  }

  private static String truncated(Random random, String cursor) {
    return cursor.substring(0, random.nextInt(cursor.length()));
  }

  private static String signed(String cursor) {
    return CursorSignatures.forCluster(IndexedApi.CLUSTER_SECRET).sign(cursor);
  }

  private static String cursorParams(Random random, String cursor) {
    String order = random.nextBoolean() ? "&sortBy=firstName" : "";
    String limit = "limit=" + (1 + random.nextInt(100));
    return limit + order + "&" + param("cursor", cursor);
  }

  private static String param(String name, String value) {
    return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
