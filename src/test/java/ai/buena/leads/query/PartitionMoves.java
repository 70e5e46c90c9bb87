package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.index.RetiredCopy;
import ai.buena.leads.lead.Lead;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Tasks move while queries run: {@link #LEADS} leads of {@code ws_a} over {@link #PARTITIONS}
 * partitions, each held by a {@link Store} (its index and a store that throws once closed, as
 * Kafka's does) registered in {@link #indexes}; readers query over and over while one thread moves
 * partitions, one after the other, until the readers are done. Every read ends in an answer, a
 * refusal ({@link UnavailableException}, a 503) or something wrong.
 */
final class PartitionMoves {
  static final int PARTITIONS = 3;
  static final int LEADS = 300;
  static final int READERS = 4;
  static final int READS_PER_READER = 2_500;
  private static final Instant CREATED = Instant.parse("2025-01-01T00:00:00Z");

  final LocalIndexes indexes;
  private final Map<String, Lead> leads = new ConcurrentHashMap<>();
  private final List<Store> stores = new CopyOnWriteArrayList<>();
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();
  private final AtomicBoolean readersDone = new AtomicBoolean();

  /** One read; what is wrong with its answer, if anything. */
  interface Read {
    Optional<String> once(int i);
  }

  /** What the readers got, and how many moves happened meanwhile. */
  record Outcome(int answered, int refused, List<String> wrong, int moves) {
    /** Partitions moved, every read ended in an answer or a refusal, none was wrong. */
    void assertEveryReadEndedRightWhilePartitionsMoved() {
      assertThat(moves).isPositive();
      assertThat(wrong).isEmpty();
      assertThat(answered + refused).isEqualTo(READERS * READS_PER_READER);
    }
  }

  PartitionMoves(LocalIndexes indexes) {
    this.indexes = indexes;
    for (int i = 0; i < LEADS; i++) {
      Lead lead = lead("lead_" + i);
      leads.put(lead.id(), lead);
    }
    for (int p = 0; p < PARTITIONS; p++) {
      stores.add(open(p));
    }
  }

  /** {@link #READERS} threads read {@link #READS_PER_READER} times each while {@code move} runs. */
  Outcome run(Read read, IntConsumer move) throws Exception {
    return run(READERS, READS_PER_READER, read, move);
  }

  /** A query service over {@link #indexes}, whose copies {@code copies} measures. */
  LocalLeadQueryService service(StandbyCopies copies) {
    return new LocalLeadQueryService(
        indexes,
        PARTITIONS,
        () -> true,
        PartitionMoves::partitionOf,
        LocalLeadQueryService.DEFAULT_WORK_BUDGET,
        copies);
  }

  /**
   * Copies whose standbys are {@code standbyLag} records behind and retired copies {@code
   * retiredLag} (empty: unknown); a lead is read from an index, never by an interactive query.
   */
  static StandbyCopies copiesBehind(OptionalLong standbyLag, OptionalLong retiredLag) {
    return new StandbyCopies() {
      @Override
      public OptionalLong recordsBehind(int partition) {
        return standbyLag;
      }

      @Override
      public OptionalLong recordsBehind(RetiredCopy copy) {
        return retiredLag;
      }

      @Override
      public Optional<Lead> lead(int partition, String leadId) {
        throw new UnavailableException("no interactive query here", Duration.ofSeconds(1));
      }
    };
  }

  /**
   * {@code readers} threads read {@code readsPerReader} times each while {@code move} is called
   * with partition 0, 1, 2, 0, ... until they are done.
   */
  Outcome run(int readers, int readsPerReader, Read read, IntConsumer move) throws Exception {
    List<String> wrong = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
    try {
      List<Future<?>> reading = new ArrayList<>();
      for (int r = 0; r < readers; r++) {
        int reader = r;
        reading.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < readsPerReader; i++) {
                    try {
                      Optional<String> problem = read.once(reader + i);
                      answered.incrementAndGet();
                      problem.ifPresent(wrong::add);
                    } catch (UnavailableException e) {
                      refused.incrementAndGet();
                    } catch (RuntimeException e) {
                      wrong.add(e.toString());
                    }
                  }
                }));
      }
      Future<Integer> moves =
          pool.submit(
              () -> {
                int moved = 0;
                while (!readersDone.get()) {
                  move.accept(moved % PARTITIONS);
                  moved++;
                }
                return moved;
              });
      for (Future<?> reader : reading) {
        reader.get(120, TimeUnit.SECONDS);
      }
      readersDone.set(true);
      return new Outcome(answered.get(), refused.get(), List.copyOf(wrong), moves.get(60, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits (from a move) until {@code reads} more reads ended, or the readers are done. */
  void awaitReads(int reads) {
    int seen = answered.get() + refused.get();
    while (answered.get() + refused.get() < seen + reads && !readersDone.get()) {
      Thread.onSpinWait();
    }
  }

  /** The partition's store now. */
  Store store(int partition) {
    return stores.get(partition);
  }

  /** A new store of the partition over the same leads, registered as its active. */
  void reopen(int partition) {
    stores.set(partition, open(partition));
  }

  /** A task's store and index: reading the store after it closed throws, as Kafka's does. */
  final class Store {
    final PartitionIndex index;
    private volatile boolean closed;

    private Store(int partition) {
      index = new PartitionIndex(partition, this::read);
    }

    private Lead read(String id) {
      if (closed) {
        throw new IllegalStateException("store of partition " + index.partition() + " is closed");
      }
      return leads.get(id);
    }

    void close() {
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

  static int partitionOf(String leadId) {
    return Math.floorMod(leadId.hashCode(), PARTITIONS);
  }

  private static Lead lead(String id) {
    return new Lead(
        id, "ws_a", "First", "Last " + id, null, null, null, null, null, null,
        LeadStatus.NEW, LeadSource.API, null, List.of(), Map.of(), CREATED, CREATED, null);
  }
}
