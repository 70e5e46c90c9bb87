package ai.buena.leads.projection;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one task's {@code event-ids} store may hold, in memory: per span of record time (half the
 * de-duplication window) a Bloom filter of the event keys stored with a time in that span. An
 * event whose key no span of its window may hold was certainly not applied within the window and
 * needs no store lookup, which costs one RocksDB iterator per segment of the store (three once
 * the store holds a whole window of ids).
 *
 * <p>Filled by every put and, when the task starts, by reading the store through in steps between
 * records ({@link #loadFor}); until that read is done, and for a window reaching back to spans
 * already forgotten, every lookup goes to the store. A false "maybe" costs the lookup that would
 * have been made anyway; a false "no" cannot happen, as long as every entry of the store was added
 * here. When the instance's {@link SeenEventFilterMemory} cannot give it more, the filter is dropped
 * and the store answers every lookup; it tells what it needed ({@link #neededBytes}), so that its
 * task can make a new one once the instance has room again.
 */
final class SeenEventFilter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SeenEventFilter.class);
  /** Entries read from the store between two checks of the clock. */
  private static final int LOAD_CHECK_EVERY = 256;

  private final long windowMillis;
  private final long spanMillis;
  private final SeenEventFilterMemory memory;
  private final String owner;
  private final TreeMap<Long, GrowingBloomFilter> spans = new TreeMap<>();
  /** What it took of {@link #memory}: its filters' bytes. */
  private long bytes;
  private long newest = Long.MIN_VALUE;
  /** Spans below this one were dropped: a window reaching back to them is not answered here. */
  private long forgottenBelow = Long.MIN_VALUE;
  private KeyValueIterator<Windowed<String>, byte[]> loading;
  private boolean dropped;
  /** The bytes it would have held when it was dropped. */
  private long neededBytes;
  private long entriesRead;

  SeenEventFilter(Duration window, SeenEventFilterMemory memory, String owner) {
    this.windowMillis = window.toMillis();
    this.spanMillis = Math.max(1, windowMillis / 2);
    this.memory = memory;
    this.owner = owner;
  }

  /** Starts reading the store's entries in; the filter answers nothing until they are all in. */
  void startLoading(KeyValueIterator<Windowed<String>, byte[]> storeEntries) {
    stopReading();
    loading = storeEntries;
  }

  /**
   * Reads the store's entries in for about {@code budget}; true once all are in (or the filter
   * was dropped and has nothing more to read).
   */
  boolean loadFor(Duration budget) {
    if (loading == null) {
      return true;
    }
    long deadline = System.nanoTime() + budget.toNanos();
    int read = 0;
    while (loading.hasNext()) {
      KeyValue<Windowed<String>, byte[]> entry = loading.next();
      add(entry.key.key(), entry.key.window().start());
      entriesRead++;
      if (dropped) {
        return true;
      }
      if (++read % LOAD_CHECK_EVERY == 0 && System.nanoTime() - deadline > 0) {
        return false;
      }
    }
    stopReading();
    return true;
  }

  /** An entry the store now holds. */
  void add(String eventKey, long timestamp) {
    if (dropped) {
      return;
    }
    long span = Math.floorDiv(timestamp, spanMillis);
    if (span < forgottenBelow) {
      return; // a window reaching back here goes to the store
    }
    GrowingBloomFilter filter = spans.get(span);
    if (filter == null) {
      filter = new GrowingBloomFilter();
      spans.put(span, filter);
      if (!take(filter.bytes())) {
        return;
      }
    }
    long before = filter.bytes();
    filter.add(hash(eventKey));
    if (filter.bytes() != before && !take(filter.bytes() - before)) {
      return;
    }
    if (timestamp > newest) {
      newest = timestamp;
      forgetSpansBefore(Math.floorDiv(newest - windowMillis, spanMillis));
    }
  }

  /** Takes more of the instance's memory for a filter just allocated, or drops the filter. */
  private boolean take(long more) {
    if (memory.tryTake(more)) {
      bytes += more;
      return true;
    }
    neededBytes = bytes + more;
    drop();
    return false;
  }

  /**
   * False only when the store certainly holds no entry of the key with a time from {@code from}
   * to {@code to}; true when it may, and whenever the filter cannot tell.
   */
  boolean mayHold(String eventKey, long from, long to) {
    long first = Math.floorDiv(from, spanMillis);
    if (dropped || loading != null || first < forgottenBelow) {
      return true;
    }
    long hash = hash(eventKey);
    for (Map.Entry<Long, GrowingBloomFilter> span :
        spans.subMap(first, true, Math.floorDiv(to, spanMillis), true).entrySet()) {
      if (span.getValue().mightContain(hash)) {
        return true;
      }
    }
    return false;
  }

  /** True while it answers lookups: everything read in, not dropped. */
  boolean answering() {
    return !dropped && loading == null;
  }

  /** Entries read from the store so far. */
  long entriesRead() {
    return entriesRead;
  }

  boolean dropped() {
    return dropped;
  }

  /** What it would have held when it was dropped (0 while it is not). */
  long neededBytes() {
    return neededBytes;
  }

  /** The heap its filters take. */
  long bytes() {
    return bytes;
  }

  /** Stops reading the store, if it still does, and gives its memory back (its task closed). */
  @Override
  public void close() {
    stopReading();
    release();
  }

  private void stopReading() {
    if (loading != null) {
      loading.close();
      loading = null;
    }
  }

  private void release() {
    spans.clear();
    memory.giveBack(bytes);
    bytes = 0;
  }

  private void forgetSpansBefore(long span) {
    if (!spans.isEmpty() && spans.firstKey() < span) {
      Map<Long, GrowingBloomFilter> old = spans.headMap(span, false);
      long freed = old.values().stream().mapToLong(GrowingBloomFilter::bytes).sum();
      old.clear();
      memory.giveBack(freed);
      bytes -= freed;
    }
    forgottenBelow = Math.max(forgottenBelow, span);
  }

  private void drop() {
    LOG.warn(
        "The filter of seen event ids of {} would take the instance's filters past"
            + " leads.dedupe.filter.mib ({} MiB): every de-duplication lookup of {} reads the"
            + " event-ids store until the filters have room for twice the {} KiB it needed",
        owner,
        memory.limitBytes() >> 20,
        owner,
        neededBytes >> 10);
    dropped = true;
    stopReading();
    release();
  }

  /** FNV-1a over the key's chars, then MurmurHash3's 64-bit finalizer. */
  static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < key.length(); i++) {
      h ^= key.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb93fe53ae6b5L;
    h ^= h >>> 33;
    return h;
  }
}
