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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Tasks move while queries run: a partition's index is closed, then its store, and a new index over
 * the same leads is registered, over and over. Every read ends in an answer or an {@link
 * UnavailableException} (503), never in a read of a closed store (which Kafka Streams answers with
 * an exception that became a 500).
 */
class MovingPartitionTest {
  private static final int PARTITIONS = 3;
  private static final int READERS = 4;
  private static final int READS_PER_READER = 2_500;
  private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");

  private final Map<String, Lead> leads = new ConcurrentHashMap<>();
  private final LocalIndexes indexes = new LocalIndexes();
  private final LocalLeadQueryService service =
      new LocalLeadQueryService(indexes, PARTITIONS, () -> true, MovingPartitionTest::partitionOf);

  @Test
  void shouldAnswerOrRefuseWithUnavailableButNeverReadAClosedStoreWhileTasksMove() throws Exception {
    for (int i = 0; i < 300; i++) {
      Lead lead = lead("lead_" + i);
      leads.put(lead.id(), lead);
    }
    List<Store> stores = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      stores.add(open(p));
    }
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    List<Throwable> unexpected = new ArrayList<>();
    AtomicBoolean readersDone = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(READERS + 1);
    try {
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        int reader = r;
        readers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < READS_PER_READER; i++) {
                    try {
                      readOnce(reader + i);
                      answered.incrementAndGet();
                    } catch (UnavailableException e) {
                      refused.incrementAndGet();
                    } catch (RuntimeException e) {
                      synchronized (unexpected) {
                        unexpected.add(e);
                      }
                    }
                  }
                }));
      }
      Future<Integer> moves =
          pool.submit(
              () -> {
                int moved = 0;
                while (!readersDone.get()) {
                  int p = moved % PARTITIONS;
                  stores.get(p).closeAsATaskDoes();
                  stores.set(p, open(p));
                  moved++;
                }
                return moved;
              });
      for (Future<?> reader : readers) {
        reader.get(120, TimeUnit.SECONDS);
      }
      readersDone.set(true);

      assertThat(moves.get(60, TimeUnit.SECONDS)).isPositive();
    } finally {
      pool.shutdownNow();
    }
    assertThat(unexpected).isEmpty();
    assertThat(answered.get() + refused.get()).isEqualTo(READERS * READS_PER_READER);
    assertThat(answered.get()).isPositive();
  }

  private void readOnce(int i) {
    switch (i % 4) {
      case 0 -> service.list("ws_a", LeadQuery.builder().limit(20).build());
      case 1 -> service.list("ws_a", LeadQuery.builder().searchTerms(List.of("lead")).limit(5).build());
      case 2 -> service.get("ws_a", "lead_" + (i % 300));
      default -> service.partial("ws_a", LeadQuery.defaults(), Set.of(0, 1, 2));
    }
  }

  /** A task's store and index: reading the store after it closed throws, as Kafka's does. */
  private final class Store {
    private final PartitionIndex index;
    private volatile boolean closed;

    Store(int partition) {
      index = new PartitionIndex(partition, this::read);
    }

    private Lead read(String id) {
      if (closed) {
        throw new IllegalStateException("store of partition " + index.partition() + " is closed");
      }
      return leads.get(id);
    }

    void closeAsATaskDoes() {
      indexes.unregister(index);
      index.close();
      closed = true;
    }
  }

  private Store open(int partition) {
    Store store = new Store(partition);
    store.index.loadAll(
        leads.values().stream().filter(lead -> partitionOf(lead.id()) == partition).iterator());
    indexes.register(store.index);
    return store;
  }

  private static int partitionOf(String leadId) {
    return Math.floorMod(leadId.hashCode(), PARTITIONS);
  }

  private static Lead lead(String id) {
    return new Lead(
        id, "ws_a", "First", "Last " + id, null, null, null, null, null, null,
        LeadStatus.NEW, LeadSource.API, null, List.of(), Map.of(), CREATED, CREATED, null);
  }
}
