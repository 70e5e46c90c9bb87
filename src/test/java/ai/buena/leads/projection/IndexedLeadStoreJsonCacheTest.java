package ai.buena.leads.projection;

import static ai.buena.leads.projection.IndexedLeadStoreTest.PARTITION;
import static ai.buena.leads.projection.IndexedLeadStoreTest.WORKSPACES;
import static ai.buena.leads.projection.IndexedLeadStoreTest.open;
import static ai.buena.leads.projection.IndexedLeadStoreTest.randomWrite;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.projection.IndexedLeadStoreTest.Opened;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.ReferenceQueryEngine;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.TestLeads;
import ai.buena.leads.testing.Seeded;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code leads} store keeps the JSON its index's readers read ({@link StoredJsonCache}) and
 * never answers with JSON a write replaced: every way the store is written forgets what it kept.
 */
class IndexedLeadStoreJsonCacheTest {
  private static final String WORKSPACE = WORKSPACES.get(0);

  @TempDir Path stateDir;

  @Test
  void shouldAnswerEveryPageAsTheStoreHoldsItAfterEachWriteWhileItsJsonIsKept() {
    Seeded.check(
        6,
        random -> {
          ProjectionMetrics metrics = new ProjectionMetrics();
          LocalIndexes indexes = new LocalIndexes();
          Opened opened = open(indexes, stateDir.resolve("case-" + random.nextLong()), metrics);
          LocalLeadQueryService service = activeService(opened.store().index());
          long offset = 0;
          for (int step = 0; step < 150; step++) {
            offset = randomWrite(random, opened, offset);
            assertPagesAsTheStoreHoldsThem(service, opened.store(), "step " + step);
          }
          assertThat(metrics.jsonCaches().hitCount()).isPositive();
          opened.store().close();
        });
  }

  @Test
  void shouldNeverAnswerJsonThatAWriteReplacedWhileReadersKeepReadingIt() throws Exception {
    Opened opened = open(new LocalIndexes(), stateDir.resolve("race"));
    IndexedLeadStore store = opened.store();
    Bytes key = key("lead_1");
    store.put(key, version(1));
    PartitionIndex index = store.index();
    AtomicLong written = new AtomicLong(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try {
      List<Future<Long>> reads = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        reads.add(
            readers.submit(
                () -> {
                  long count = 0;
                  while (writing.get()) {
                    long floor = written.get();
                    byte[] json = index.read(WORKSPACE, view -> view.storedJson("lead_1"));
                    assertThat(versionOf(json)).isGreaterThanOrEqualTo(floor);
                    count++;
                  }
                  return count;
                }));
      }
      long offset = 0;
      for (int v = 2; v <= 3_000; v++) {
        switch (v % 3) {
          case 0 -> store.put(key, version(v));
          case 1 -> store.putAll(List.of(KeyValue.pair(key, version(v))));
          default ->
              opened
                  .restore()
                  .restoreBatch(
                      List.of(new ConsumerRecord<>("leads-changelog", PARTITION, offset++, key.get(), version(v))));
        }
        written.set(v);
      }
      writing.set(false);
      for (Future<Long> read : reads) {
        assertThat(read.get()).isPositive();
      }
    } finally {
      writing.set(false);
      readers.shutdownNow();
    }
    assertThat(versionOf(index.read(WORKSPACE, view -> view.storedJson("lead_1")))).isEqualTo(3_000);
    store.close();
  }

  @Test
  void shouldAnswerNothingForADeletedLeadItKept() {
    Opened opened = open(new LocalIndexes(), stateDir.resolve("deleted"));
    IndexedLeadStore store = opened.store();
    store.put(key("lead_1"), version(1));
    PartitionIndex index = store.index();
    byte[] kept = index.read(WORKSPACE, view -> view.storedJson("lead_1"));
    assertThat(kept).isNotNull();

    store.delete(key("lead_1"));

    byte[] afterDelete = index.read(WORKSPACE, view -> view.storedJson("lead_1"));
    assertThat(afterDelete).isNull();
    store.close();
  }

  @Test
  void shouldAnswerTheNewWorkspacesJsonForALeadThatMovedThere() {
    Opened opened = open(new LocalIndexes(), stateDir.resolve("moved"));
    IndexedLeadStore store = opened.store();
    store.put(key("lead_1"), version(1));
    PartitionIndex index = store.index();
    index.read(WORKSPACE, view -> view.storedJson("lead_1"));

    Lead moved = TestLeads.aLead("lead_1").workspaceId(WORKSPACES.get(1)).firstName("2").build();
    store.put(key("lead_1"), LeadJson.toBytes(moved, true));

    byte[] json = index.read(WORKSPACES.get(1), view -> view.storedJson("lead_1"));
    assertThat(LeadJson.fromBytes(json)).isEqualTo(moved);
    store.close();
  }

  @Test
  void shouldGiveBackEverythingItKeptWhenTheStoreCloses() {
    ProjectionMetrics metrics = new ProjectionMetrics();
    Opened opened = open(new LocalIndexes(), stateDir.resolve("closed"), metrics);
    IndexedLeadStore store = opened.store();
    for (int i = 0; i < 20; i++) {
      store.put(key("lead_" + i), version("lead_" + i, i));
    }
    PartitionIndex index = store.index();
    for (int i = 0; i < 20; i++) {
      String id = "lead_" + i;
      index.read(WORKSPACE, view -> view.storedJson(id));
    }
    assertThat(metrics.jsonCaches().heldBytes()).isPositive();

    store.close();

    assertThat(metrics.jsonCaches().heldBytes()).isZero();
  }

  @Test
  void shouldKeepNoJsonWithTransactionalStateStores() {
    ProjectionMetrics metrics = new ProjectionMetrics();
    Properties transactional = new Properties();
    transactional.put("enable.transactional.statestores", "true");
    Opened opened =
        open(new LocalIndexes(), stateDir.resolve("transactional"), metrics, SnapshotPreloads.none(), transactional);
    IndexedLeadStore store = opened.store();
    store.put(key("lead_1"), version(1));

    store.index().read(WORKSPACE, view -> view.storedJson("lead_1"));
    store.index().read(WORKSPACE, view -> view.storedJson("lead_1"));

    assertThat(metrics.jsonCaches().heldBytes()).isZero();
    assertThat(metrics.jsonCaches().hitCount()).isZero();
    store.close();
  }

  private static void assertPagesAsTheStoreHoldsThem(
      LocalLeadQueryService service, IndexedLeadStore store, String when) {
    List<Lead> contents = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
      all.forEachRemaining(entry -> contents.add(LeadJson.fromBytes(entry.value)));
    }
    ReferenceQueryEngine reference = new ReferenceQueryEngine(contents);
    LeadQuery query = LeadQuery.builder().limit(100).sortBy(SortField.CREATED_AT).build();
    for (String workspace : WORKSPACES) {
      LeadPage expected = reference.query(workspace, query);
      LeadPage actual = service.list(workspace, query);
      assertThat(actual.leads()).as("%s %s", when, workspace).containsExactlyElementsOf(expected.leads());
    }
  }

  private static LocalLeadQueryService activeService(PartitionIndex index) {
    LocalIndexes asActive = new LocalIndexes();
    asActive.register(index);
    return new LocalLeadQueryService(asActive, 1, () -> true, id -> PARTITION);
  }

  private static byte[] version(long v) {
    return version("lead_1", v);
  }

  private static byte[] version(String leadId, long v) {
    return LeadJson.toBytes(TestLeads.aLead(leadId).workspaceId(WORKSPACE).firstName(Long.toString(v)).build(), true);
  }

  private static long versionOf(byte[] json) {
    return Long.parseLong(LeadJson.fromBytes(json).firstName());
  }

  private static Bytes key(String leadId) {
    return Bytes.wrap(leadId.getBytes(StandardCharsets.UTF_8));
  }
}
