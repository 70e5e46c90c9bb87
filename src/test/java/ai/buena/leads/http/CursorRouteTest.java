package ai.buena.leads.http;

import static ai.buena.leads.http.ExpectedBodies.validationError;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.Cursors;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.SortKey;
import ai.buena.leads.query.TestLeads;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cursors over real HTTP and the real engine: only an untouched cursor of this cluster is taken. */
class CursorRouteTest {
  private static final String CURSOR_MESSAGE =
      "Must be a nextCursor of a previous answer to the same query";
  /** Where a time cursor's seconds start in its bytes: version, fingerprint, value type. */
  private static final int TIME_OFFSET = 10;

  private static IndexedApi api;
  private static String key;
  private static String otherWorkspaceKey;

  @BeforeAll
  static void start() {
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      leads.add(
          TestLeads.aLead("lead_" + i)
              .createdAt(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i))
              .build());
    }
    api = new IndexedApi(leads);
    key = api.keys.issue(TestLeads.WORKSPACE, "leads:read");
    otherWorkspaceKey = api.keys.issue("ws_other", "leads:read");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void shouldContinueAfterTheLastLeadWithARealCursor() {
    ApiResponse next = api.list("?limit=2&cursor=" + firstCursor(), key);

    assertThat(next.status()).as(next.body()).isEqualTo(200);
    assertThat(next.json().at("/data/leads/0/id").asText()).isEqualTo("lead_2");
  }

  @Test
  void shouldRefuseACursorWhoseTimeWasForgedBeyondInstantRangeAsValidationError() {
    byte[] bytes = Base64.getUrlDecoder().decode(firstCursor());
    ByteBuffer.wrap(bytes, TIME_OFFSET, 12).putLong(Long.MAX_VALUE).putInt(1_000_000_000);

    assertRefused("?limit=2&cursor=" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  @Test
  void shouldRefuseARealCursorWithOneBitFlipped() {
    byte[] bytes = Base64.getUrlDecoder().decode(firstCursor());
    for (int i = 0; i < bytes.length; i++) {
      byte[] flipped = bytes.clone();
      flipped[i] ^= 1;

      assertRefused("?limit=2&cursor=" + Base64.getUrlEncoder().withoutPadding().encodeToString(flipped));
    }
  }

  @Test
  void shouldRefuseAnUnsignedCursor() {
    String unsigned =
        Cursors.encode(LeadQuery.builder().limit(2).build(), new SortKey(Instant.EPOCH, "lead_1"));

    assertRefused("?limit=2&cursor=" + unsigned);
  }

  @Test
  void shouldRefuseACursorSignedWithAnotherClustersKey() {
    String foreign =
        CursorSignatures.forCluster("another-cluster-secret-0123456789")
            .sign(
                Cursors.encode(LeadQuery.builder().limit(2).build(), new SortKey(Instant.EPOCH, "lead_1")));

    assertRefused("?limit=2&cursor=" + foreign);
  }

  @Test
  void shouldAcceptACursorSignedByAnotherInstanceOfTheSameCluster() {
    SortKey position = new SortKey(Instant.parse("2024-01-01T00:00:03Z"), "lead_3");
    String sameCluster =
        CursorSignatures.forCluster(IndexedApi.CLUSTER_SECRET)
            .sign(Cursors.encode(LeadQuery.builder().limit(2).build(), position));

    ApiResponse response = api.list("?limit=2&cursor=" + sameCluster, key);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().at("/data/leads/0/id").asText()).isEqualTo("lead_2");
  }

  @Test
  void shouldRefuseARealCursorWithOtherFilters() {
    assertRefused("?limit=2&status=new&cursor=" + firstCursor());
  }

  @Test
  void shouldRefuseARealCursorWithAnotherOrder() {
    assertRefused("?limit=2&sortOrder=asc&cursor=" + firstCursor());
  }

  @Test
  void shouldRefuseTruncatedAndGarbageCursors() {
    String real = firstCursor();
    for (String cursor :
        List.of(real.substring(0, real.length() - 1), real.substring(0, 4), "AA", "%%", real + "A", "🙂")) {
      assertRefused("?limit=2&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }
  }

  @Test
  void shouldNotLetACursorLeaveItsWorkspace() {
    ApiResponse response = api.list("?limit=2&cursor=" + firstCursor(), otherWorkspaceKey);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().at("/data/leads")).isEmpty();
  }

  private static String firstCursor() {
    ApiResponse first = api.list("?limit=2", key);
    assertThat(first.status()).as(first.body()).isEqualTo(200);
    return first.json().at("/data/pagination/nextCursor").asText();
  }

  private static void assertRefused(String query) {
    ApiResponse response = api.list(query, key);
    assertThat(response.status()).as("%s: %s", query, response.body()).isEqualTo(400);
    assertThat(response.bodyWithoutTimestamp()).isEqualTo(validationError("cursor", CURSOR_MESSAGE));
  }
}
