package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A query holds one lock at a time, that of its workspace in one partition: while one query of
 * workspace A is held up inside partition 0 (its store read blocks), the projection still applies
 * events to every other partition and other workspaces' events to partition 0, and other
 * workspaces' queries are answered. Deadlines are generous: the property is that they
 * finish at all while the query is held, which they did not when a query held every partition.
 */
class QueryLockScopeTest {
  private static final int PARTITIONS = 3;
  private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");

  private final List<Map<String, Lead>> stores = new ArrayList<>();
  private final LocalIndexes indexes = new LocalIndexes();
  private final CountDownLatch queryInside = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final String heldLeadId = "lead_held";
  private LocalLeadQueryService service;

  @BeforeEach
  void setUp() {
    for (int p = 0; p < PARTITIONS; p++) {
      Map<String, Lead> store = new ConcurrentHashMap<>();
      stores.add(store);
      indexes.register(new PartitionIndex(p, id -> blockingRead(store, id)));
    }
    service = new LocalLeadQueryService(indexes, PARTITIONS, () -> true, QueryLockScopeTest::partitionOf);
    apply(lead("lead_held", "ws_a"));
    for (int i = 0; i < 30; i++) {
      apply(lead("lead_b_" + i, "ws_b"));
    }
  }

  @AfterEach
  void releaseTheHeldQuery() {
    release.countDown();
  }

  @Test
  void shouldApplyEventsToOtherPartitionsWhileAQueryIsHeldInOne() throws Exception {
    CompletableFuture<LeadPage> held = holdAQueryOfWorkspaceAInPartitionZero();

    for (int i = 0; i < 20; i++) {
      Lead lead = lead("lead_new_" + i, "ws_b");
      CompletableFuture.runAsync(() -> apply(lead)).get(30, TimeUnit.SECONDS);
    }

    assertThat(held).isNotDone();
    release.countDown();
    assertThat(held.get(30, TimeUnit.SECONDS).leads()).extracting(Lead::id).containsExactly("lead_held");
  }

  @Test
  void shouldApplyEventsOfAnotherWorkspaceToThePartitionAQueryIsHeldIn() throws Exception {
    CompletableFuture<LeadPage> held = holdAQueryOfWorkspaceAInPartitionZero();

    Lead lead = lead("lead_zero_b", "ws_b");
    CompletableFuture.runAsync(() -> apply(lead)).get(30, TimeUnit.SECONDS);

    assertThat(stores.get(0)).containsKey("lead_zero_b");
    assertThat(held).isNotDone();
  }

  @Test
  void shouldAnswerAnotherWorkspaceWhileAQueryIsHeldInOnePartition() throws Exception {
    CompletableFuture<LeadPage> held = holdAQueryOfWorkspaceAInPartitionZero();
    // an event waiting for a partition's write lock makes later readers of that partition wait too
    CompletableFuture<Void> write = CompletableFuture.runAsync(() -> apply(lead("lead_b_new", "ws_b")));

    LeadPage other =
        CompletableFuture.supplyAsync(() -> service.list("ws_b", LeadQuery.builder().limit(100).build()))
            .get(30, TimeUnit.SECONDS);

    assertThat(other.pagination().total()).isBetween(30L, 31L);
    assertThat(held).isNotDone();
    write.get(30, TimeUnit.SECONDS);
  }

  private CompletableFuture<LeadPage> holdAQueryOfWorkspaceAInPartitionZero() throws InterruptedException {
    assertThat(partitionOf(heldLeadId)).isZero();
    CompletableFuture<LeadPage> query =
        CompletableFuture.supplyAsync(() -> service.list("ws_a", LeadQuery.builder().searchTerms(List.of("held")).build()));
    assertThat(queryInside.await(30, TimeUnit.SECONDS)).as("the query reached the store").isTrue();
    return query;
  }

  private Lead blockingRead(Map<String, Lead> store, String id) {
    if (id.equals(heldLeadId)) {
      queryInside.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return store.get(id);
  }

  private void apply(Lead lead) {
    int p = partitionOf(lead.id());
    Map<String, Lead> store = stores.get(p);
    indexes.partition(p).orElseThrow().change(() -> store.put(lead.id(), lead), store.get(lead.id()), lead);
  }

  /** Partition 0 holds the held lead and {@code lead_zero_*}; every other lead is in 1 or 2. */
  private static int partitionOf(String leadId) {
    return leadId.equals("lead_held") || leadId.startsWith("lead_zero_")
        ? 0
        : 1 + Math.floorMod(leadId.hashCode(), PARTITIONS - 1);
  }

  private static Lead lead(String id, String workspace) {
    return new Lead(
        id, workspace, "First", "Held " + id, null, null, null, null, null, null,
        LeadStatus.NEW, LeadSource.API, null, List.of(), Map.of(), CREATED, CREATED, null);
  }
}
