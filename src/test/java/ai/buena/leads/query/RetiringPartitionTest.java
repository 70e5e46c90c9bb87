package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.RetiredCopy;
import ai.buena.leads.lead.Lead;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks leave while queries run: a partition's active index becomes a retired copy, which is then
 * closed (with its store) before a new active over the same leads opens, over and over. Reads that
 * allow stale answers get the whole total (labelled when a retired copy answered) or {@link
 * UnavailableException}; reads that do not are never answered from a retired copy; nothing else is
 * ever thrown (a read of a closed store would be a 500).
 */
class RetiringPartitionTest {
  private static final int PARTITIONS = 3;
  private static final int LEADS = 300;
  private static final int READERS = 4;
  private static final int READS_PER_READER = 2_500;
  private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");
  private static final StandbyBound BOUND = new StandbyBound(1000);

  @TempDir Path storeDirectory;
  private final Map<String, Lead> leads = new ConcurrentHashMap<>();
  private final LocalIndexes indexes = new LocalIndexes(new AppliedOffsets(), Duration.ofMinutes(5));
  private final LocalLeadQueryService service =
      new LocalLeadQueryService(
          indexes,
          PARTITIONS,
          () -> true,
          RetiringPartitionTest::partitionOf,
          LocalLeadQueryService.DEFAULT_WORK_BUDGET,
          new StandbyCopies() {
            @Override
            public OptionalLong recordsBehind(int partition) {
              return OptionalLong.empty();
            }

            @Override
            public OptionalLong recordsBehind(RetiredCopy copy) {
              return OptionalLong.of(2);
            }

            @Override
            public Optional<Lead> lead(int partition, String leadId) {
              throw new UnavailableException("no standby copy", Duration.ofSeconds(1));
            }
          });

  @Test
  void shouldAnswerWholeOrRefuseButNeverFailWhileTasksRetireAndReopen() throws Exception {
    for (int i = 0; i < LEADS; i++) {
      Lead lead = lead("lead_" + i);
      leads.put(lead.id(), lead);
    }
    List<Store> stores = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      stores.add(open(p));
    }
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger answeredStale = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    List<String> wrong = new ArrayList<>();
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
                      Optional<String> problem = readOnce(reader + i, answeredStale);
                      answered.incrementAndGet();
                      problem.ifPresent(
                          p -> {
                            synchronized (wrong) {
                              wrong.add(p);
                            }
                          });
                    } catch (UnavailableException e) {
                      refused.incrementAndGet();
                    } catch (RuntimeException e) {
                      synchronized (wrong) {
                        wrong.add(e.toString());
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
                  stores.get(p).retire();
                  // let the readers in while the partition has only its retired copy
                  int seen = answered.get() + refused.get();
                  while (answered.get() + refused.get() < seen + READERS && !readersDone.get()) {
                    Thread.onSpinWait();
                  }
                  indexes.closeRetired(p);
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
    assertThat(wrong).isEmpty();
    assertThat(answered.get() + refused.get()).isEqualTo(READERS * READS_PER_READER);
    assertThat(answeredStale.get()).as("answers from retired copies").isPositive();
  }

  /** One read; a description of what is wrong with its answer, if anything. */
  private Optional<String> readOnce(int i, AtomicInteger answeredStale) {
    switch (i % 3) {
      case 0 -> {
        PartialAnswer answer = service.partial("ws_a", LeadQuery.defaults(), Set.of(0, 1, 2), BOUND);
        if (answer.staleness().stale()) {
          answeredStale.incrementAndGet();
        }
        return answer.total() == LEADS
            ? Optional.empty()
            : Optional.of("stale-allowed total " + answer.total());
      }
      case 1 -> {
        PartialAnswer answer =
            service.partial("ws_a", LeadQuery.defaults(), Set.of(0, 1, 2), StandbyBound.OFF);
        if (answer.staleness().stale()) {
          return Optional.of("a read without stale answers was answered stale");
        }
        return answer.total() == LEADS ? Optional.empty() : Optional.of("total " + answer.total());
      }
      default -> {
        String id = "lead_" + (i % LEADS);
        Answered<Optional<Lead>> found = service.find("ws_a", id, BOUND);
        return found.value().isPresent()
            ? Optional.empty()
            : Optional.of("lead " + id + " not found (stale: " + found.staleness() + ")");
      }
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

    /** Its task leaves: the copy is handed over instead of closed. */
    void retire() {
      RetiredCopy copy =
          new RetiredCopy(
              index,
              "app-leads-changelog",
              index.partition(),
              41,
              storeDirectory,
              () -> closed = true,
              System.nanoTime());
      if (!indexes.retire(copy)) {
        throw new IllegalStateException("partition " + index.partition() + " was not retired");
      }
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
