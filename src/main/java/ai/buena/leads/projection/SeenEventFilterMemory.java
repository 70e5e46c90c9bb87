package ai.buena.leads.projection;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap the filters of seen event ids of one instance share (one filter per active task): a
 * filter that would take more is dropped, and its task's lookups read the store again until the
 * instance has room for twice what that filter needed. Shared, not per task: an instance that
 * takes over many partitions (a failed peer's, a single instance on 24) must not take many times
 * the heap. The limit is {@code
 * -Dleads.dedupe.filter.mib}, by default a sixteenth of the maximum heap (64 MiB at {@code
 * -Xmx1g}: ~21–37M event ids).
 */
public final class SeenEventFilterMemory {
  private static final long MIB = 1024 * 1024;
  private static final int SHARE_OF_HEAP = 16;

  private final long limitBytes;
  private final AtomicLong heldBytes = new AtomicLong();

  SeenEventFilterMemory(long limitBytes) {
    if (limitBytes < 0) {
      throw new IllegalArgumentException("leads.dedupe.filter.mib must not be negative");
    }
    this.limitBytes = limitBytes;
  }

  /** The limit {@code -Dleads.dedupe.filter.mib} sets, or a sixteenth of the maximum heap. */
  static SeenEventFilterMemory configured() {
    Long mib = Long.getLong("leads.dedupe.filter.mib");
    return new SeenEventFilterMemory(
        mib != null ? mib * MIB : Runtime.getRuntime().maxMemory() / SHARE_OF_HEAP);
  }

  /** Takes {@code bytes} more if the total stays within the limit. */
  boolean tryTake(long bytes) {
    long held;
    do {
      held = heldBytes.get();
      if (held + bytes > limitBytes) {
        return false;
      }
    } while (!heldBytes.compareAndSet(held, held + bytes));
    return true;
  }

  /** Whether {@code bytes} more would stay within the limit now. */
  boolean hasRoomFor(long bytes) {
    return heldBytes.get() + bytes <= limitBytes;
  }

  void giveBack(long bytes) {
    heldBytes.addAndGet(-bytes);
  }

  public long heldBytes() {
    return heldBytes.get();
  }

  public long limitBytes() {
    return limitBytes;
  }
}
