package ai.buena.leads.http;

import ai.buena.leads.query.UnavailableException;
import java.time.Duration;

/**
 * How many bytes of stored leads the list answers being written may hold at once. A page of 100
 * leads is ~50 KB as our generator makes them, but events allow ~450 KB a lead, so ~45 MB a
 * page, held for the whole time its answer is written; {@code --max-in-flight} such answers at
 * once could fill the heap. An answer whose page would take the total over the budget is refused
 * with 503 (the client retries), except when no other answer holds any: a page larger than the
 * whole budget is still answered, alone.
 */
final class AnswerMemory {
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final long budget;
  private long held;

  /** @param budget bytes; 0 or less turns the bound off */
  AnswerMemory(long budget) {
    this.budget = budget;
  }

  /** An eighth of the largest heap the JVM may have. */
  static long defaultBudget() {
    return Runtime.getRuntime().maxMemory() / 8;
  }

  /** Holds {@code bytes} until the reservation is closed. */
  Reservation reserve(long bytes) {
    if (budget <= 0 || bytes <= 0) {
      return () -> {};
    }
    synchronized (this) {
      if (held > 0 && held + bytes > budget) {
        throw new UnavailableException(
            "the leads of the answers being written at once would take more than "
                + (budget >> 20)
                + " MiB",
            RETRY_AFTER);
      }
      held += bytes;
    }
    return () -> release(bytes);
  }

  synchronized long held() {
    return held;
  }

  private synchronized void release(long bytes) {
    held -= bytes;
  }

  /** The bytes of one answer, released when it is written (or has failed). */
  interface Reservation extends AutoCloseable {
    @Override
    void close();
  }
}
