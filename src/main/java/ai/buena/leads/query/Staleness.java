package ai.buena.leads.query;

/**
 * How stale an answer may be: how many of its partitions were read from a standby copy rather than
 * from their active, and the most changelog records any of those copies was behind when last
 * measured (an upper bound, see docs/http-api.md). {@link #NONE}: every partition was read from
 * its active.
 */
public record Staleness(long recordsBehind, int standbyPartitions) {
  public static final Staleness NONE = new Staleness(0, 0);

  public Staleness {
    if (recordsBehind < 0 || standbyPartitions < 0) {
      throw new IllegalArgumentException("staleness cannot be negative");
    }
  }

  /** One partition read from a standby copy that was {@code recordsBehind} records behind. */
  public static Staleness ofStandby(long recordsBehind) {
    return new Staleness(recordsBehind, 1);
  }

  public boolean stale() {
    return standbyPartitions > 0;
  }

  /** Both answers together: the larger lag, the partitions of both. */
  public Staleness and(Staleness other) {
    return new Staleness(
        Math.max(recordsBehind, other.recordsBehind), standbyPartitions + other.standbyPartitions);
  }
}
