package ai.buena.leads.index;

/**
 * How much work one query may still do, in units of about one string test or one lead visited
 * (a few tens of nanoseconds each). Work is charged before it is done, so a query over budget
 * stops before it spends the time, and never answers partly: {@link Exhausted} ends it.
 */
public final class WorkBudget {
  private final long limit;
  private long left;

  public WorkBudget(long limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("a budget is not negative: " + limit);
    }
    this.limit = limit;
    this.left = limit;
  }

  public static WorkBudget unlimited() {
    return new WorkBudget(Long.MAX_VALUE);
  }

  /** Takes {@code units} from the budget; throws {@link Exhausted} when they are not left. */
  public void spend(long units) {
    if (units > left) {
      left = 0;
      throw new Exhausted(limit);
    }
    left -= units;
  }

  /**
   * The units of one operation on {@code bitmap} (a copy, or an AND it is the smaller side of):
   * one, and one more per 256 docs it holds.
   */
  static long bitmapUnits(org.roaringbitmap.RoaringBitmap bitmap) {
    return 1 + bitmap.getLongCardinality() / 256;
  }

  /**
   * The units of testing whether a value of {@code valueLength} chars contains a term of {@code
   * termLength} chars beyond the one unit every test is charged: nothing for ordinary values, but
   * a search's worst case (a repetitive value and term, {@code aaa…ab} in {@code aaaa…}) grows with
   * both: a unit per 1,024 chars of value for every char of the term and 16 more (HostileBench,
   * REPETITIVE: per char of value, a 16-char term costs about twice what a sixteenth of a 200-char
   * one does).
   */
  public static long containsExtra(int valueLength, int termLength) {
    return (long) valueLength * (termLength + 16) / 1024;
  }

  /** {@link #containsExtra}, spent. */
  public void spendContains(String value, String term) {
    long extra = containsExtra(value.length(), term.length());
    if (extra > 0) {
      spend(extra);
    }
  }

  public long spent() {
    return limit - left;
  }

  public long limit() {
    return limit;
  }

  /** The query needs more work than its budget allows; no partial answer is given. */
  public static final class Exhausted extends RuntimeException {
    Exhausted(long limit) {
      super("the query needs more than " + limit + " units of work", null, false, false);
    }
  }
}
