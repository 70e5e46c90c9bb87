package ai.buena.leads.index;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy of a partition whose task left this instance (a rebalance, or a failure that closed it
 * dirty), kept so that it can answer (stale-labelled) while no copy that follows the changelog
 * can: a read-only view of the task's last index, over the store's files opened read-only (closed
 * by {@link #close}), and the changelog offset its contents match (nothing is written to it
 * after). {@link LocalIndexes} holds it, with role {@link IndexRole#RETIRED}, and closes it.
 *
 * <p>A start-up copy ({@link #atStartUp}) is answered the same way: a partition's index read from
 * its snapshot while the process starts, over the store it was saved from, opened read-only,
 * before any task of this instance opens that store. It is no task's; it is closed when the
 * partition's store opens here, at the latest when the projection first runs.
 */
public final class RetiredCopy {
  private static final Logger LOG = LoggerFactory.getLogger(RetiredCopy.class);

  private final PartitionIndex index;
  private final String changelogTopic;
  private final int changelogPartition;
  private final long changelogOffset;
  private final Runnable closeStore;
  private final long retiredAtNanos;
  private final boolean atStartUp;
  private boolean closed;

  /**
   * @param changelogOffset the offset of the last changelog record the copy holds
   * @param closeStore closes the store (once, after the index)
   */
  public RetiredCopy(
      PartitionIndex index,
      String changelogTopic,
      int changelogPartition,
      long changelogOffset,
      Runnable closeStore,
      long retiredAtNanos) {
    this(
        index,
        changelogTopic,
        changelogPartition,
        changelogOffset,
        closeStore,
        retiredAtNanos,
        false);
  }

  private RetiredCopy(
      PartitionIndex index,
      String changelogTopic,
      int changelogPartition,
      long changelogOffset,
      Runnable closeStore,
      long retiredAtNanos,
      boolean atStartUp) {
    this.atStartUp = atStartUp;
    this.index = index;
    this.changelogTopic = changelogTopic;
    this.changelogPartition = changelogPartition;
    this.changelogOffset = changelogOffset;
    this.closeStore = closeStore;
    this.retiredAtNanos = retiredAtNanos;
  }

  /**
   * A start-up copy: {@code view} of a snapshot's index over the store it was saved from, which
   * holds the changelog up to {@code changelogOffset}; {@code closeStore} closes that store.
   */
  public static RetiredCopy atStartUp(
      PartitionIndex view,
      String changelogTopic,
      long changelogOffset,
      Runnable closeStore) {
    return new RetiredCopy(
        view,
        changelogTopic,
        view.partition(),
        changelogOffset,
        closeStore,
        System.nanoTime(),
        true);
  }

  /** Whether this is a start-up copy (no task's), rather than the copy of a task that left. */
  public boolean atStartUp() {
    return atStartUp;
  }

  public PartitionIndex index() {
    return index;
  }

  public int partition() {
    return index.partition();
  }

  /** The changelog this copy's store writes to. */
  public String changelogTopic() {
    return changelogTopic;
  }

  public int changelogPartition() {
    return changelogPartition;
  }

  /** The offset of the last changelog record this copy holds. */
  public long changelogOffset() {
    return changelogOffset;
  }

  long retiredAtNanos() {
    return retiredAtNanos;
  }

  /**
   * Closes the index (from now on every read of it throws {@link PartitionClosedException}; the
   * reads under way finish first), then the store. Only the first call does it; a concurrent one
   * returns once the store is closed, so a caller may reopen the store's directory after it.
   */
  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    index.close();
    try {
      closeStore.run();
    } catch (RuntimeException e) {
      LOG.warn("could not close the retired copy of partition {}: {}", partition(), e.toString());
    }
  }
}
