package ai.buena.leads.query;

import java.time.Duration;

/**
 * A bound on the bytes of stored leads that the requests being answered hold at once. A page of
 * 100 leads is ~50 KB as our generator makes them, but events allow ~450 KB a lead, so ~45 MB a
 * page, and an asking instance holds its peers' shares of the page as well: unbounded, {@code
 * --max-in-flight} such requests filled a 1 GiB heap (docs/benchmarks.md, "largest leads"). Each
 * request charges its {@link Hold} while it reads leads, from the stores (every 64 KiB, {@link
 * Meter}) or from a peer's answer (every chunk as it arrives), so it never holds more than a step
 * beyond what it was granted: a bound taken after the whole page is read bounds nothing. A charge
 * that would take the total over the budget fails its request with {@link Full} (503, retry after
 * 1 s), and the request's hold releases what it held; a request that holds everything held is never
 * refused, so a page larger than the whole budget is still answered, alone.
 *
 * <p>A thread finds the hold of the request it answers with {@link #current()}; work done for the
 * request on other threads is handed the hold.
 */
public final class LeadMemory {
  public static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final ThreadLocal<Hold> OF_THREAD = new ThreadLocal<>();

  private final long budget;
  private long held;

  /** @param budget bytes; 0 or less bounds nothing */
  public LeadMemory(long budget) {
    this.budget = budget;
  }

  /**
   * Three eighths of the largest heap the JVM may have: on a 1 GiB heap, eight pages of the largest
   * leads at once (the default {@code --max-in-flight} on 2 cores), which it holds without running
   * out (docs/benchmarks.md, "largest leads").
   */
  public static long defaultBudget() {
    return Runtime.getRuntime().maxMemory() / 8 * 3;
  }

  /** Opens the hold of the request the calling thread answers; closing it releases its bytes. */
  public Hold open() {
    Hold hold = new Hold(this);
    OF_THREAD.set(hold);
    return hold;
  }

  /** The hold of the request the calling thread answers, or one that bounds nothing. */
  public static Hold current() {
    Hold hold = OF_THREAD.get();
    return hold == null ? Hold.NONE : hold;
  }

  public synchronized long held() {
    return held;
  }

  /** Bytes; 0 or less: no bound. */
  public long budget() {
    return budget;
  }

  private synchronized void take(Hold hold, long bytes) {
    if (hold.closed) {
      throw new UnavailableException(
          "the request these leads were read for has ended", RETRY_AFTER);
    }
    if (budget > 0 && held + bytes > budget && held > hold.bytes) {
      throw new Full(budget);
    }
    held += bytes;
    hold.bytes += bytes;
  }

  private synchronized void release(Hold hold) {
    if (!hold.closed) {
      held -= hold.bytes;
      hold.bytes = 0;
      hold.closed = true;
    }
  }

  /** The bytes one request holds, until it is closed: its answer written, or failed. */
  public static final class Hold implements AutoCloseable {
    static final Hold NONE = new Hold(null);

    private final LeadMemory memory;
    private long bytes;
    private boolean closed;

    private Hold(LeadMemory memory) {
      this.memory = memory;
    }

    /** Charges {@code bytes} read for the request; throws {@link Full} beyond the budget. */
    public void take(long bytes) {
      if (memory != null && bytes > 0) {
        memory.take(this, bytes);
      }
    }

    /** A meter charging this hold on one thread, in steps of {@link Meter#STEP} bytes. */
    public Meter meter() {
      return new Meter(this);
    }

    @Override
    public void close() {
      if (memory != null) {
        memory.release(this);
        if (OF_THREAD.get() == this) {
          OF_THREAD.remove();
        }
      }
    }
  }

  /**
   * Charges a hold for many small reads in steps of at least {@link #STEP} bytes (one charge for a
   * page of ordinary leads), so a request reads at most a step more than it was granted. For one
   * thread.
   */
  public static final class Meter {
    static final long STEP = 64 * 1024;

    private final Hold hold;
    private long pending;

    private Meter(Hold hold) {
      this.hold = hold;
    }

    public void add(long bytes) {
      pending += bytes;
      if (pending >= STEP) {
        flush();
      }
    }

    /** Charges what was added since the last charge. */
    public void flush() {
      long bytes = pending;
      pending = 0;
      hold.take(bytes);
    }
  }

  /** The leads being answered at once would take more than the budget: 503, retry soon. */
  public static final class Full extends UnavailableException {
    Full(long budget) {
      super(
          "the leads of the requests being answered at once would take more than "
              + Math.max(1, budget >> 20)
              + " MiB",
          RETRY_AFTER);
    }

    /** The request holds too much, wherever its leads come from. */
    @Override
    public boolean otherCopiesMayAnswer() {
      return false;
    }
  }
}
