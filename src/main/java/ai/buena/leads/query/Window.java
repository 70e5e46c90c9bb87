package ai.buena.leads.query;

/**
 * What an instance is asked to send of a deep page spread over several instances: not its first
 * {@code offset + limit + 1} matches, but the run of them around its share of the answer up to
 * {@code offset}, the page's offset among the {@code total} matches the cluster counted. Leads are
 * spread over partitions by a hash of their id, so an instance holding a fraction {@code p} of the
 * matches holds about {@code offset·p} of the first {@code offset}, within a few standard
 * deviations ({@code √(offset·p·(1-p))}); {@code sigmas} says how many the run covers on each side,
 * and {@code slack} how many positions more: by how many a share may be off for other reasons
 * (copies behind by some records, matches added or removed since the total was counted). The
 * asking instance checks that the runs it got hold the page ({@link WindowedPage}).
 */
public record Window(long offset, long total, int sigmas, long slack) {
  /** Standard deviations a first try covers; a miss then is a chance of about 1 in 15,000. */
  public static final int FIRST_SIGMAS = 4;
  /** Standard deviations the second try covers, after the first one's runs missed the page. */
  public static final int SECOND_SIGMAS = 16;
  /**
   * Past this many leads (a run, not a page) a run's end in each partition is selected by rank as
   * its start is, and each partition gives only its slice between the two: a second selection
   * (about {@code n² log² size} comparisons) instead of merging the run with all the partitions'
   * locks held, or every partition walking and copying the whole run's count.
   */
  static final int LONG_RUN = 2_048;
  /** More than any partition count: an instance is never asked for a run longer than this. */
  private static final long MAX_RUN = 1_000_000;

  public Window {
    if (offset < 0 || total < 0 || !validSigmas(sigmas) || slack < 0) {
      throw new IllegalArgumentException(
          "offset " + offset + ", total " + total + ", sigmas " + sigmas + ", slack " + slack);
    }
  }

  /** Whether a window may cover this many standard deviations each side. */
  public static boolean validSigmas(long sigmas) {
    return sigmas >= 1 && sigmas <= 64;
  }

  /** A window of no slack. */
  public Window(long offset, long total, int sigmas) {
    this(offset, total, sigmas, 0);
  }

  /** The positions, among an instance's own {@code matches}, of the run it sends. */
  public Run runOf(long matches, int limit) {
    if (matches == 0 || total == 0) {
      return new Run(0, 0);
    }
    double share = Math.min(1.0, (double) matches / total);
    double expected = offset * share;
    double deviation = Math.sqrt(offset * share * (1 - share));
    long margin = (long) Math.ceil(sigmas * deviation) + 16 + Math.min(slack, MAX_RUN);
    long from = Math.max(0, Math.min(matches - 1, (long) Math.floor(expected) - margin));
    long end = (long) Math.ceil(expected) + margin + limit + 1;
    long count = Math.max(1, Math.min(Math.min(matches, end) - from, MAX_RUN));
    return new Run(from, (int) count);
  }

  /** {@code count} matches from position {@code from} of an instance's matches in answer order. */
  public record Run(long from, int count) {}
}
