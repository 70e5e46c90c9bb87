package ai.buena.leads.query;

import java.util.Set;
import java.util.TreeSet;

/**
 * How stale an answer may be: how many of its partitions were read from a standby copy rather than
 * from their active, and the most changelog records any of those copies was behind when last
 * measured (an upper bound, see docs/http-api.md). {@link #NONE}: every partition was read from
 * its active. {@code partitions} names those partitions; some (or all) are left unnamed only when
 * an instance of an earlier version sent its count alone.
 */
public record Staleness(long recordsBehind, int standbyPartitions, Set<Integer> partitions) {
  public static final Staleness NONE = new Staleness(0, 0);

  public Staleness {
    if (recordsBehind < 0 || standbyPartitions < 0) {
      throw new IllegalArgumentException("staleness cannot be negative");
    }
    partitions = Set.copyOf(partitions);
    if (partitions.size() > standbyPartitions) {
      throw new IllegalArgumentException(
          standbyPartitions + " standby partitions cannot be the " + partitions.size() + " named");
    }
  }

  /** Staleness whose partitions are not named (an instance of an earlier version sent it). */
  public Staleness(long recordsBehind, int standbyPartitions) {
    this(recordsBehind, standbyPartitions, Set.of());
  }

  /** Partition {@code partition} read from a standby copy that was {@code recordsBehind} behind. */
  public static Staleness ofStandby(int partition, long recordsBehind) {
    return new Staleness(recordsBehind, 1, Set.of(partition));
  }

  public boolean stale() {
    return standbyPartitions > 0;
  }

  /** Whether every partition read from a standby copy is named (always when none was). */
  public boolean named() {
    return partitions.size() == standbyPartitions;
  }

  /** Answers of different partitions together: the larger lag, the partitions of both. */
  public Staleness and(Staleness other) {
    return joined(other, unnamed() + other.unnamed());
  }

  /**
   * A later step of the same answer (the page's leads read after their places were found), which
   * may read some of the same partitions again: the larger lag, each named partition once, and the
   * larger of the two steps' unnamed counts (which may count a partition named in the other step
   * twice: an answer is never said to be less stale than it may be).
   */
  public Staleness alsoRead(Staleness other) {
    return joined(other, Math.max(unnamed(), other.unnamed()));
  }

  private int unnamed() {
    return standbyPartitions - partitions.size();
  }

  private Staleness joined(Staleness other, int unnamed) {
    Set<Integer> both = new TreeSet<>(partitions);
    both.addAll(other.partitions);
    return new Staleness(
        Math.max(recordsBehind, other.recordsBehind), both.size() + unnamed, both);
  }
}
