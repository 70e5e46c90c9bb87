package ai.buena.leads.query;

/**
 * Whether a partition whose active cannot answer may be answered from a standby copy, and how far
 * behind that copy may be: at most {@code maxRecords} changelog records. 0 turns standby answers
 * off ({@link #OFF}): such a partition makes the answer 503, as without standbys.
 */
public record StandbyBound(long maxRecords) {
  public static final StandbyBound OFF = new StandbyBound(0);

  public StandbyBound {
    if (maxRecords < 0) {
      throw new IllegalArgumentException("maxRecords must be at least 0");
    }
  }

  public boolean enabled() {
    return maxRecords > 0;
  }

  /** Whether a copy {@code recordsBehind} records behind may answer. */
  public boolean admits(long recordsBehind) {
    return enabled() && recordsBehind <= maxRecords;
  }
}
