package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.TestLeads;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deep pages of a workspace whose partitions are spread over two instances: a page past the end
 * is answered from the partitions' counts, without any owner walking past its matches.
 */
class ClusterDeepPageTest {
  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
  private static final int LEADS = 3_000;
  /** Enough to count the matches; collecting one partition's ~500 of them costs ~5,000 or more. */
  private static final long WORK_BUDGET = 5_000;

  private static TwoInstances cluster;
  private static IndexedApi single;
  private static String clusterKey;
  private static String singleKey;

  @BeforeAll
  static void start() {
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < LEADS; i++) {
      leads.add(
          TestLeads.aLead(String.format("lead_%05d", i))
              .company(i % 2 == 0 ? "Acme" : "Globex")
              .createdAt(BASE.plusSeconds(i))
              .updatedAt(BASE.plusSeconds(i))
              .build());
    }
    cluster = new TwoInstances(leads, WORK_BUDGET);
    single = new IndexedApi(leads);
    clusterKey = cluster.keys.issue(TestLeads.WORKSPACE, "leads:read");
    singleKey = single.keys.issue(TestLeads.WORKSPACE, "leads:read");
  }

  @AfterAll
  static void stop() {
    cluster.close();
    single.close();
  }

  @Test
  void shouldAnswerAnEmptyPageWithTheTotalForAFilteredPagePastTheEndOnEveryInstance() {
    for (IndexedApi instance : List.of(cluster.first, cluster.second)) {
      ApiResponse response = instance.list("?company=acme&limit=100&page=2147483647", clusterKey);

      assertThat(response.status()).as(response.body()).isEqualTo(200);
      assertThat(response.json().at("/data/leads")).isEmpty();
      assertThat(response.json().at("/data/pagination/total").asLong()).isEqualTo(LEADS / 2);
    }
  }

  @Test
  void shouldAnswerADeepPageBeforeTheEndAsOneInstanceHoldingEverything() {
    String query = "?company=acme&limit=100&page=11&sortBy=createdAt&sortOrder=asc";
    ApiResponse expected = single.list(query, singleKey);

    for (IndexedApi instance : List.of(cluster.first, cluster.second)) {
      ApiResponse actual = instance.list(query, clusterKey);

      assertThat(actual.status()).as(actual.body()).isEqualTo(200);
      assertThat(actual.json().at("/data")).isEqualTo(expected.json().at("/data"));
    }
  }
}
