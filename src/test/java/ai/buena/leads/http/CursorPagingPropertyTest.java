package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.ReferenceQueryEngine;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortOrder;
import ai.buena.leads.query.TestLeads;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Paging with cursors over real HTTP and the real engine, on names made of the characters that
 * broke cursors before (4-byte characters, combining marks, lone surrogates, U+FFFF, equal
 * names): every lead comes exactly once, in the reference's order. Seeded: a failure prints its
 * seed; set {@code -Dcursor.paging.seed=...} to replay it.
 */
class CursorPagingPropertyTest {
  private static final int TRIALS = 25;
  private static final List<String> VALID_PIECES =
      List.of(
          "a", "A", "z", "é", "e\u0301", "\u0301", "\uD83D\uDE00", "𝔄", "\uFFFF", "\uFF21", "ß",
          "İ", "?", " ", "\u0000", "\uE000", "\uFFFD");
  private static final List<String> ALL_PIECES =
      java.util.stream.Stream.concat(
              VALID_PIECES.stream(), java.util.stream.Stream.of("\uD800", "\uDBFF", "\uDC00", "\uDFFF"))
          .toList();
  private static final List<SortField> TEXT_FIELDS =
      List.of(SortField.FIRST_NAME, SortField.LAST_NAME, SortField.COMPANY);

  @Test
  void shouldPageThroughEveryLeadExactlyOnceInReferenceOrderWhateverTheNames() {
    trials(
        VALID_PIECES,
        (run, leads, query, paged, onePage) -> {
          List<String> expected =
              new ReferenceQueryEngine(leads)
                  .query(TestLeads.WORKSPACE, query).leads().stream().map(Lead::id).toList();
          assertThat(onePage).as("one page: %s", run).containsExactlyElementsOf(expected);
          assertThat(paged).as("paged: %s", run).containsExactlyElementsOf(expected);
        });
  }

  /**
   * Events refuse lone surrogates now, but a store may hold leads from before: paging must still
   * neither repeat nor skip (the engine's order of lone surrogates is its own: no reference).
   */
  @Test
  void shouldPageThroughEveryLeadExactlyOnceEvenWithLoneSurrogatesInNames() {
    trials(
        ALL_PIECES,
        (run, leads, query, paged, onePage) -> {
          assertThat(onePage).as("one page: %s", run).hasSameSizeAs(leads);
          assertThat(paged).as("paged: %s", run).containsExactlyElementsOf(onePage);
        });
  }

  private interface Check {
    void check(String run, List<Lead> leads, LeadQuery query, List<String> paged, List<String> onePage);
  }

  private static void trials(List<String> pieces, Check check) {
    long seed = Long.getLong("cursor.paging.seed", new Random().nextLong());
    Random random = new Random(seed);
    for (int trial = 0; trial < TRIALS; trial++) {
      List<Lead> leads = new ArrayList<>();
      int count = 1 + random.nextInt(60);
      for (int i = 0; i < count; i++) {
        leads.add(
            TestLeads.aLead("lead_" + i)
                .firstName(name(random, pieces))
                .lastName(name(random, pieces))
                .company(name(random, pieces))
                .createdAt(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(random.nextInt(5)))
                .build());
      }
      SortField sortBy = TEXT_FIELDS.get(random.nextInt(TEXT_FIELDS.size()));
      SortOrder order = random.nextBoolean() ? SortOrder.ASC : SortOrder.DESC;
      int limit = 1 + random.nextInt(7);
      LeadQuery all = LeadQuery.builder().limit(100).sortBy(sortBy).sortOrder(order).build();
      String run =
          String.format("seed %d, trial %d, sortBy %s %s, limit %d", seed, trial, sortBy, order, limit);
      try (IndexedApi api = new IndexedApi(leads)) {
        String key = api.keys.issue(TestLeads.WORKSPACE, "leads:read");
        List<String> onePage = pageThrough(api, key, sortBy, order, 100, count);
        List<String> paged = pageThrough(api, key, sortBy, order, limit, count);
        check.check(run, leads, all, paged, onePage);
      }
    }
  }

  private static List<String> pageThrough(
      IndexedApi api, String key, SortField sortBy, SortOrder order, int limit, int count) {
    String base = "?limit=" + limit + "&sortBy=" + sortBy.wire() + "&sortOrder=" + order.wire();
    List<String> ids = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page <= count; page++) {
      String query =
          cursor == null ? base : base + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
      ApiResponse response = api.list(query, key);
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      response.json().at("/data/leads").forEach(lead -> ids.add(lead.get("id").asText()));
      JsonNode next = response.json().at("/data/pagination/nextCursor");
      if (next.isNull()) {
        return ids;
      }
      cursor = next.asText();
    }
    throw new AssertionError("more pages than leads: the cursor does not advance; ids so far " + ids);
  }

  private static String name(Random random, List<String> pieces) {
    if (random.nextInt(6) == 0) {
      return null;
    }
    StringBuilder name = new StringBuilder();
    for (int i = random.nextInt(4); i >= 0; i--) {
      name.append(pieces.get(random.nextInt(pieces.size())));
    }
    return name.toString();
  }
}
