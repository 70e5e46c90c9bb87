package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.TestLeads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * The leads a request reads are charged to {@code --lead-memory-mb} as they are read, from the
 * stores or from peers' answers, and held until its answer is written: a page of the largest
 * leads held by a client that reads nothing makes others 503 (retry after 1 s) instead of filling
 * the heap, and the memory is free again once that client leaves.
 */
class LeadMemoryRouteTest {
  private static final int ONE_MIB = 1 << 20;
  /**
   * 100 such leads are ~40 MB: more than loopback's socket buffers hold, so a client that reads
   * nothing stalls the answer.
   */
  private static final int NOTES = 400_000;
  private static final ServerOptions ONE_MIB_OF_LEADS =
      ServerOptions.defaults().withLeadMemory(ONE_MIB);
  private static final String WHOLE_PAGE = "?limit=100";
  private static final String ONE_LEAD = "?limit=1";

  @Test
  void shouldRefuseWith503WhileAStalledClientHoldsAPageOfLargeLeadsAndAnswerOnceItLeaves()
      throws IOException {
    try (IndexedApi api = new IndexedApi(largeLeads(partition -> true), ONE_MIB_OF_LEADS)) {
      String key = api.keys.issue(TestLeads.WORKSPACE, "leads:read");

      assertRefusedWhileStalledThenAnswered(api, api, key);
    }
  }

  @Test
  void shouldAnswerAPageLargerThanTheWholeBudgetWhenNoOtherRequestHoldsLeads() {
    try (IndexedApi api = new IndexedApi(largeLeads(partition -> true), ONE_MIB_OF_LEADS)) {
      String key = api.keys.issue(TestLeads.WORKSPACE, "leads:read");

      ApiResponse answer = api.list(WHOLE_PAGE, key);

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.json().at("/data/leads")).hasSize(100);
    }
  }

  @Test
  void shouldChargePeersAnswersToTheAskingInstance() throws IOException {
    // every lead on the second instance's partitions: the first reads none from its own stores
    List<Lead> leads = largeLeads(partition -> partition != 0);
    try (TwoInstances cluster =
        new TwoInstances(
            leads,
            LocalLeadQueryService.DEFAULT_WORK_BUDGET,
            ONE_MIB_OF_LEADS)) {
      String key = cluster.keys.issue(TestLeads.WORKSPACE, "leads:read");

      assertRefusedWhileStalledThenAnswered(cluster.first, cluster.first, key);
    }
  }

  private static void assertRefusedWhileStalledThenAnswered(
      IndexedApi stalledOn, IndexedApi asked, String key) throws IOException {
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(4096);
      stalled.setSoLinger(true, 0);
      stalled.connect(new InetSocketAddress("localhost", stalledOn.port()));
      stalled
          .getOutputStream()
          .write(
              RawRequest.get("/api/v2/leads" + WHOLE_PAGE, List.of(Map.entry("x-api-key", key)))
                  .bytes());
      // its answer has begun: the page's leads are read and held while it waits for the client
      String head =
          new String(stalled.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(head).isEqualTo("HTTP/1.1 200");

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                ApiResponse refused = asked.list(ONE_LEAD, key);
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.header("retry-after")).hasValue("1");
                assertThat(refused.json().path("code").asText()).isEqualTo("UNAVAILABLE");
              });
    }

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(asked.list(ONE_LEAD, key).status()).isEqualTo(200));
  }

  /** 100 leads of ~400 KB each, on the partitions {@code onPartition} accepts. */
  private static List<Lead> largeLeads(IntPredicate onPartition) {
    String notes = "n".repeat(NOTES);
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; leads.size() < 100; i++) {
      String id = String.format("lead_m%05d", i);
      if (onPartition.test(IndexedApi.partitionOf(id))) {
        leads.add(TestLeads.aLead(id).notes(notes).build());
      }
    }
    return leads;
  }
}
