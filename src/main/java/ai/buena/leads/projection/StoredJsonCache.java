package ai.buena.leads.projection;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.common.utils.Bytes;

/**
 * Stored lead JSON of one open {@code leads} store, kept so that a page read again costs no RocksDB
 * read per lead. Direct-mapped: a key has one slot, and a lead read into a slot another lead holds
 * takes it over when the instance's shared limit ({@link LeadJsonCaches}) allows.
 *
 * <p>It never answers with JSON the store no longer holds, because of the index's locks: JSON is
 * added only by a reader holding the read lock of the lead's workspace, which it read from the store
 * under that lock (the index placed the lead in that workspace), and every write of a lead forgets
 * it after the store's write, under the write lock of the workspace the lead was in. A write with
 * no index to lock clears the cache ({@link #clear}); so does closing the store ({@link #close}),
 * after which nothing is added.
 */
final class StoredJsonCache {
  static final int SLOTS = 1 << 15;
  /** What an entry costs beyond its key's and JSON's bytes: its objects' headers and fields. */
  static final int ENTRY_OVERHEAD = 96;

  private final LeadJsonCaches account;
  private final AtomicReferenceArray<Entry> slots;
  private final AtomicLong heldBytes = new AtomicLong();
  private volatile boolean closed;

  private record Entry(Bytes key, byte[] json, long cost) {}

  StoredJsonCache(LeadJsonCaches account) {
    this.account = account;
    this.slots = new AtomicReferenceArray<>(account.enabled() ? SLOTS : 0);
    this.closed = !account.enabled();
  }

  private static final StoredJsonCache DISABLED = new StoredJsonCache(new LeadJsonCaches(0));

  /** A cache that holds nothing (transactional stores: RocksDB may lag the index's writes). */
  static StoredJsonCache disabled() {
    return DISABLED;
  }

  /** The JSON kept for {@code key}, or null. */
  byte[] get(Bytes key) {
    if (closed) {
      return null;
    }
    Entry entry = slots.get(slot(key));
    if (entry != null && entry.key().equals(key)) {
      account.hit();
      return entry.json();
    }
    account.miss();
    return null;
  }

  /**
   * Keeps {@code json}, just read from the store for {@code key} by a reader holding its
   * workspace's read lock (see the class comment), if the shared limit allows.
   */
  void put(Bytes key, byte[] json) {
    if (closed) {
      return;
    }
    int at = slot(key);
    Entry taken = slots.get(at);
    long cost = (long) key.get().length + json.length + ENTRY_OVERHEAD;
    long freed = taken == null ? 0 : taken.cost();
    if (!account.tryCharge(cost - freed)) {
      if (taken != null && taken.key().equals(key)) {
        remove(at, taken);
      }
      return;
    }
    Entry added = new Entry(key, json, cost);
    if (!slots.compareAndSet(at, taken, added)) {
      account.release(cost - freed);
      return;
    }
    heldBytes.addAndGet(cost - freed);
    if (closed) {
      remove(at, added);
    }
  }

  /** Drops what is kept for {@code key}: called after the store's write of it. */
  void forget(Bytes key) {
    if (heldBytes.get() == 0) {
      return;
    }
    int at = slot(key);
    Entry entry = slots.get(at);
    if (entry != null && entry.key().equals(key)) {
      remove(at, entry);
    }
  }

  /** Drops everything kept (a write no index took part in). */
  void clear() {
    if (heldBytes.get() == 0) {
      return;
    }
    for (int at = 0; at < slots.length(); at++) {
      Entry entry = slots.get(at);
      if (entry != null) {
        remove(at, entry);
      }
    }
  }

  /** Drops everything kept and keeps nothing from now on: the store closed. */
  void close() {
    closed = true;
    clear();
  }

  /** The bytes this cache holds (counted toward the shared limit). */
  long heldBytes() {
    return heldBytes.get();
  }

  private void remove(int at, Entry entry) {
    if (slots.compareAndSet(at, entry, null)) {
      heldBytes.addAndGet(-entry.cost());
      account.release(entry.cost());
    }
  }

  private int slot(Bytes key) {
    int hash = key.hashCode();
    return (hash ^ (hash >>> 16)) & (slots.length() - 1);
  }
}
