package ai.buena.leads.logging;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A log line that may be due many times a second (every refused call, every 503 of an outage):
 * written at its first occurrence, then at most once per period, saying how many occurred since
 * the last line it wrote, so that the log shows the trouble without being flooded by it.
 */
public final class ThrottledLog {
  /** Writes the line: {@code count} occurrences since the last line, this one included. */
  @FunctionalInterface
  public interface Line {
    void write(long count, boolean first);
  }

  private final long everyNanos;
  private final LongSupplier nanoTime;
  private long unwritten;
  private long lastWrittenNanos;
  private boolean written;

  public ThrottledLog(Duration every) {
    this(every, System::nanoTime);
  }

  public ThrottledLog(Duration every, LongSupplier nanoTime) {
    this.everyNanos = every.toNanos();
    this.nanoTime = nanoTime;
  }

  /** One more occurrence: {@code line} is written now if the period since the last one passed. */
  public synchronized void occurred(Line line) {
    unwritten++;
    long now = nanoTime.getAsLong();
    if (!written || now - lastWrittenNanos >= everyNanos) {
      line.write(unwritten, !written);
      unwritten = 0;
      lastWrittenNanos = now;
      written = true;
    }
  }
}
