package ai.buena.leads.projection;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The byte limit the {@link StoredJsonCache}s of one instance share, what they hold and how often
 * they answered. The limit is {@code -Dleads.json-cache.mib} (default {@value #DEFAULT_MIB}; 0
 * turns the caches off); it counts the JSON, the keys and each entry's objects, and is never
 * exceeded.
 */
public final class LeadJsonCaches {
  static final long DEFAULT_MIB = 32;
  private static final long MIB = 1024 * 1024;

  private final long limitBytes;
  private final AtomicLong heldBytes = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  LeadJsonCaches(long limitBytes) {
    if (limitBytes < 0) {
      throw new IllegalArgumentException("leads.json-cache.mib must not be negative");
    }
    this.limitBytes = limitBytes;
  }

  /** The limit {@code -Dleads.json-cache.mib} sets. */
  static LeadJsonCaches configured() {
    return new LeadJsonCaches(Long.getLong("leads.json-cache.mib", DEFAULT_MIB) * MIB);
  }

  boolean enabled() {
    return limitBytes > 0;
  }

  /**
   * Takes {@code bytes} more (or gives back, when negative) if the total stays within the limit.
   */
  boolean tryCharge(long bytes) {
    while (true) {
      long held = heldBytes.get();
      long after = held + bytes;
      if (bytes > 0 && after > limitBytes) {
        return false;
      }
      if (heldBytes.compareAndSet(held, after)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    heldBytes.addAndGet(-bytes);
  }

  void hit() {
    hits.increment();
  }

  void miss() {
    misses.increment();
  }

  public long limitBytes() {
    return limitBytes;
  }

  public long heldBytes() {
    return heldBytes.get();
  }

  public long hitCount() {
    return hits.sum();
  }

  public long missCount() {
    return misses.sum();
  }
}
