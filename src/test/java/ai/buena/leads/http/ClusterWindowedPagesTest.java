package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.ForwardingRemoteInstances;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.PartialAnswer;
import ai.buena.leads.query.RemoteInstances;
import ai.buena.leads.query.StandbyBound;
import ai.buena.leads.query.TestLeads;
import ai.buena.leads.query.Window;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.testing.ReferenceProjection;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Deep pages ({@code page=N} at offset 1,000 or more) of a workspace spread over two instances,
 * found from the runs of matches each instance sends around its share of the offset: every page is
 * the one an instance holding every partition answers, and where the instances' matches are not
 * spread by a hash the answer is a refusal, never a wrong page.
 */
class ClusterWindowedPagesTest {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final int LEADS = 12_000;
  private static final List<String> FILTERS =
      List.of("", "&status=new", "&source=linkedin", "&search=an", "&status=contacted&source=referral");
  private static final List<String> SORTS =
      List.of("createdAt", "updatedAt", "lastContactedAt", "firstName", "lastName", "company");

  private static TwoInstances cluster;
  private static IndexedApi single;
  private static String key;

  @BeforeAll
  static void start() {
    ReferenceProjection reference = new ReferenceProjection();
    new HistoryGenerator(5, TestLeads.WORKSPACE, START).generate(LEADS, reference::apply);
    List<Lead> leads = new ArrayList<>(reference.leadsOf(TestLeads.WORKSPACE).values());
    cluster = new TwoInstances(leads);
    single = new IndexedApi(leads, ServerOptions.defaults(), cluster.keys);
    key = cluster.keys.issue(TestLeads.WORKSPACE, "leads:read");
  }

  @AfterAll
  static void stop() {
    cluster.close();
    single.close();
  }

  @Test
  void shouldAnswerEveryDeepPageAsOneInstanceHoldingEverything() {
    Random random = new Random(3);
    for (int i = 0; i < 80; i++) {
      String filter = FILTERS.get(random.nextInt(FILTERS.size()));
      String sort = SORTS.get(random.nextInt(SORTS.size()));
      int limit = 1 + random.nextInt(100);
      ApiResponse counted = single.list("?limit=1" + filter, key);
      long total = counted.json().at("/data/pagination/total").asLong();
      long firstDeepPage = 1_000 / limit + 1;
      long pages = (total + limit - 1) / limit;
      long page = firstDeepPage + (long) (random.nextDouble() * Math.max(1, pages + 2 - firstDeepPage));
      String query =
          "?limit=" + limit + "&page=" + page + "&sortBy=" + sort
              + "&sortOrder=" + (random.nextBoolean() ? "asc" : "desc") + filter;
      ApiResponse expected = single.list(query, key);
      assertThat(expected.status()).as(query).isEqualTo(200);

      for (IndexedApi instance : List.of(cluster.first, cluster.second)) {
        ApiResponse actual = instance.list(query, key);

        assertThat(actual.status()).as(query + ": " + actual.body()).isEqualTo(200);
        assertThat(actual.json().at("/data")).as(query).isEqualTo(expected.json().at("/data"));
      }
    }
  }

  @Test
  void shouldAnswerDeepPagesCompletelyOr503WhileLeadsAreAddedAndChanged() throws Exception {
    List<Lead> leads = createdInTurn(6_000, i -> "lead_" + i);
    try (TwoInstances busy = new TwoInstances(leads)) {
      String busyKey = busy.keys.issue(TestLeads.WORKSPACE, "leads:read");
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicInteger written = new AtomicInteger();
      Random random = new Random(13);
      Thread writer =
          new Thread(
              () -> {
                for (int n = 0; writing.get(); n = written.incrementAndGet()) {
                  // new leads anywhere in the order, and existing ones moving in and out of status=new
                  busy.put(
                      TestLeads.aLead("added_" + n)
                          .createdAt(START.plusSeconds(random.nextInt(6_000)))
                          .updatedAt(START)
                          .build());
                  busy.put(
                      TestLeads.aLead("lead_" + random.nextInt(6_000))
                          .status(random.nextBoolean() ? LeadStatus.NEW : LeadStatus.CONTACTED)
                          .build());
                  LockSupport.parkNanos(200_000); // a steady stream of changes, not a flood
                }
              },
              "writer");
      writer.start();
      Map<String, Integer> statuses = new TreeMap<>();
      try {
        for (int i = 0; i < 150; i++) {
          boolean filtered = i % 2 == 1;
          int page = 11 + random.nextInt(filtered ? 20 : 50);
          String query =
              "?limit=100&page=" + page + "&sortBy=createdAt&sortOrder=asc" + (filtered ? "&status=new" : "");
          ApiResponse answer = (i % 3 == 0 ? busy.second : busy.first).list(query, busyKey);
          statuses.merge(answer.status() + " " + answer.json().path("code").asText(""), 1, Integer::sum);
          if (answer.status() == 200) {
            assertCompletePage(answer, page, query);
          } else {
            assertThat(answer.status()).as(query + ": " + answer.body()).isEqualTo(503);
          }
        }
      } finally {
        writing.set(false);
        writer.join();
      }
      System.out.printf("MEASURED deep pages under writes: answers by status %s, %d leads written%n", statuses, written.get());
      assertThat(statuses.getOrDefault("200 ", 0)).as("answers by status: %s", statuses).isGreaterThan(75);
    }
  }

  /** A page of a full {@code limit} (or up to the end) of distinct leads in createdAt order, ties by id. */
  private static void assertCompletePage(ApiResponse answer, int page, String query) {
    JsonNode data = answer.json().at("/data");
    long total = data.at("/pagination/total").asLong();
    long offset = (page - 1) * 100L;
    List<String> ids = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (JsonNode lead : data.get("leads")) {
      ids.add(lead.get("id").asText());
      keys.add(lead.get("createdAt").asText() + " " + lead.get("id").asText());
    }
    assertThat(ids).as(query).hasSize((int) Math.max(0, Math.min(100, total - offset))).doesNotHaveDuplicates();
    assertThat(keys).as(query).isSortedAccordingTo(Comparator.naturalOrder());
  }

  @Test
  void shouldAnswerDeepPagesFromPeersOfAnEarlierVersionThatSendTheirFirstMatches() {
    List<Lead> leads = createdInTurn(3_000, i -> "lead_" + i);
    // an instance of an earlier version does not know the window: it sends its first matches
    try (TwoInstances mixed =
            new TwoInstances(
                leads, LocalLeadQueryService.DEFAULT_WORK_BUDGET, ServerOptions.defaults(), WithoutWindows::new);
        IndexedApi whole = new IndexedApi(leads, ServerOptions.defaults(), mixed.keys)) {
      String mixedKey = mixed.keys.issue(TestLeads.WORKSPACE, "leads:read");
      for (String query : List.of("?limit=100&page=11", "?limit=100&page=16&sortBy=createdAt&sortOrder=asc", "?limit=7&page=429")) {
        ApiResponse expected = whole.list(query, mixedKey);
        for (IndexedApi instance : List.of(mixed.first, mixed.second)) {
          ApiResponse actual = instance.list(query, mixedKey);

          assertThat(actual.status()).as(query + ": " + actual.body()).isEqualTo(200);
          assertThat(actual.json().at("/data")).as(query).isEqualTo(expected.json().at("/data"));
        }
      }
    }
  }

  @Test
  void shouldFindADeepPageInTheWiderRunsWhenTheFirstRunsMissIt() {
    // partition 0 (the first instance) holds a third of the leads but 1,250 of the first 3,000 by
    // createdAt, 250 more than its share: about 10 deviations, past the first runs' 4
    List<Lead> leads =
        createdInTurn(
            9_000,
            i -> {
              boolean onFirst = i < 3_000 ? i % 12 < 5 : i < 6_000 ? i % 4 == 0 : i % 12 < 3;
              return idOnPartition("lead_" + i + "_", onFirst ? 0 : 1 + i % 2);
            });
    try (TwoInstances skewed = new TwoInstances(leads);
        IndexedApi whole = new IndexedApi(leads, ServerOptions.defaults(), skewed.keys)) {
      String skewedKey = skewed.keys.issue(TestLeads.WORKSPACE, "leads:read");
      String query = "?limit=100&page=31&sortBy=createdAt&sortOrder=asc";

      ApiResponse answer = skewed.first.list(query, skewedKey);

      assertThat(answer.status()).as(answer.body()).isEqualTo(200);
      assertThat(answer.json().at("/data")).isEqualTo(whole.list(query, skewedKey).json().at("/data"));
    }
  }

  @Test
  void shouldRefuseADeepPageWhenOneInstanceHoldsTheStartOfTheAnswerAndTheOtherItsEnd() {
    List<Lead> leads = createdInTurn(6_000, i -> idOnPartition("lead_" + i + "_", i < 3_000 ? 0 : 1));
    try (TwoInstances skewed = new TwoInstances(leads)) {
      String skewedKey = skewed.keys.issue(TestLeads.WORKSPACE, "leads:read");

      ApiResponse answer = skewed.first.list("?limit=100&page=31&sortBy=createdAt&sortOrder=asc", skewedKey);

      assertThat(answer.status()).as(answer.body()).isEqualTo(503);
      assertThat(answer.json().at("/code").asText()).isEqualTo("QUERY_TOO_EXPENSIVE");
    }
  }

  /** Peers as an earlier version answers them: the window is not sent, so not known. */
  private static final class WithoutWindows extends ForwardingRemoteInstances {
    WithoutWindows(RemoteInstances delegate) {
      super(delegate);
    }

    @Override
    public CompletableFuture<PartialAnswer> partial(
        HostAddress host,
        String workspaceId,
        LeadQuery query,
        Set<Integer> partitions,
        StandbyBound bound,
        ConsistencyToken after,
        boolean withLeads,
        Window window) {
      return super.partial(host, workspaceId, query, partitions, bound, after, withLeads, null);
    }
  }

  /** {@code count} leads, the {@code i}-th created (and updated) {@code i} seconds after the start. */
  private static List<Lead> createdInTurn(int count, IntFunction<String> id) {
    List<Lead> leads = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      leads.add(TestLeads.aLead(id.apply(i)).createdAt(START.plusSeconds(i)).updatedAt(START.plusSeconds(i)).build());
    }
    return leads;
  }

  /** {@code prefix} and a number, such that the lead is on {@code partition}. */
  private static String idOnPartition(String prefix, int partition) {
    for (int n = 0; ; n++) {
      String id = prefix + n;
      if (IndexedApi.partitionOf(id) == partition) {
        return id;
      }
    }
  }
}
