package ai.buena.leads.http;

import ai.buena.leads.query.LeadMemory;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How the server protects itself: rate limits per key (off by default), the most {@code /api/v2}
 * requests in flight before it sheds load, how long a connection may stay silent, and the clock of
 * error timestamps and rate-limit windows, and how many bytes of stored leads the requests being
 * answered may hold at once ({@link LeadMemory}; 0 turns that bound off), and how long a write's body
 * and a request's line and headers may take to arrive, and how long a request refused a permit
 * waits for one.
 */
public record ServerOptions(
    RateLimits rateLimits,
    int maxInFlight,
    Duration idleTimeout,
    Clock clock,
    long leadMemoryBytes,
    Duration writeBodyDeadline,
    Duration requestHeadDeadline,
    Duration answerDeadline,
    Duration admissionWait) {
  /**
   * Four requests in work per processor, at least 8. Queries are CPU-bound: admitting many more
   * than the cores can run only makes every admitted one slower, and starves the threads that
   * would answer the surplus 503 (OverloadBench at 2× capacity on 2 cores: with 64, latency rose
   * to seconds and memory grew; with 8 both stayed flat; see docs/reliability.md, also for the
   * larger overloads this does not absorb).
   */
  public static final int DEFAULT_MAX_IN_FLIGHT =
      maxInFlightFor(Runtime.getRuntime().availableProcessors());

  static int maxInFlightFor(int processors) {
    return Math.max(8, 4 * processors);
  }

  /**
   * A connection silent this long is closed: a client that stalls mid-request (headers or body) or
   * keeps an idle connection open. Long enough for any real client between two writes.
   */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(20);

  /**
   * A write's body (at most 64 KiB) must arrive whole this long after its handler starts: ample
   * for any real link (64 KiB in 10 s is 52 kbit/s), and the most a client trickling it can hold
   * one of the write permits.
   */
  public static final Duration DEFAULT_WRITE_BODY_DEADLINE = Duration.ofSeconds(10);

  /**
   * A request's line and headers (at most 16 KiB) must arrive whole this long after their first
   * byte ({@link RequestHeadDeadline}); a real client sends them in one packet.
   */
  public static final Duration DEFAULT_REQUEST_HEAD_DEADLINE = Duration.ofSeconds(10);

  /**
   * An {@code /api/v2} request's answer must be written this long after it was admitted, else its
   * connection is closed and its permit given back ({@code LoadShedding}): 45 MB, the largest page,
   * at 1 MB/s takes 45 s.
   */
  public static final Duration DEFAULT_ANSWER_DEADLINE = Duration.ofSeconds(60);

  /**
   * A request with a live key refused a permit waits this long for one before it is answered 503
   * with {@code Retry-After: 1}: no longer than that answer would send a client away for.
   */
  public static final Duration DEFAULT_ADMISSION_WAIT = Duration.ofSeconds(1);

  /** The longest {@code --admission-wait}: well inside the idle timeout and the answer deadline. */
  public static final Duration MAX_ADMISSION_WAIT = Duration.ofSeconds(10);

  public ServerOptions {
    Objects.requireNonNull(rateLimits, "rateLimits");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(writeBodyDeadline, "writeBodyDeadline");
    Objects.requireNonNull(requestHeadDeadline, "requestHeadDeadline");
    Objects.requireNonNull(answerDeadline, "answerDeadline");
    Objects.requireNonNull(admissionWait, "admissionWait");
    if (admissionWait.isNegative() || admissionWait.compareTo(MAX_ADMISSION_WAIT) > 0) {
      throw new IllegalArgumentException(
          "admissionWait must be between 0 and " + MAX_ADMISSION_WAIT + ": " + admissionWait);
    }
    if (answerDeadline.isNegative() || answerDeadline.isZero()) {
      throw new IllegalArgumentException("answerDeadline must be positive: " + answerDeadline);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idleTimeout must be positive: " + idleTimeout);
    }
    if (writeBodyDeadline.isNegative() || writeBodyDeadline.isZero()) {
      throw new IllegalArgumentException("writeBodyDeadline must be positive: " + writeBodyDeadline);
    }
    if (requestHeadDeadline.isNegative() || requestHeadDeadline.isZero()) {
      throw new IllegalArgumentException(
          "requestHeadDeadline must be positive: " + requestHeadDeadline);
    }
  }

  public static ServerOptions defaults() {
    return new ServerOptions(
        RateLimits.off(),
        DEFAULT_MAX_IN_FLIGHT,
        DEFAULT_IDLE_TIMEOUT,
        Clock.systemUTC(),
        LeadMemory.defaultBudget(),
        DEFAULT_WRITE_BODY_DEADLINE,
        DEFAULT_REQUEST_HEAD_DEADLINE,
        DEFAULT_ANSWER_DEADLINE,
        DEFAULT_ADMISSION_WAIT);
  }

  public ServerOptions withRateLimits(RateLimits limits) {
    return new ServerOptions(limits, maxInFlight, idleTimeout, clock, leadMemoryBytes, writeBodyDeadline, requestHeadDeadline, answerDeadline, admissionWait);
  }

  public ServerOptions withMaxInFlight(int max) {
    return new ServerOptions(rateLimits, max, idleTimeout, clock, leadMemoryBytes, writeBodyDeadline, requestHeadDeadline, answerDeadline, admissionWait);
  }

  public ServerOptions withIdleTimeout(Duration timeout) {
    return new ServerOptions(rateLimits, maxInFlight, timeout, clock, leadMemoryBytes, writeBodyDeadline, requestHeadDeadline, answerDeadline, admissionWait);
  }

  public ServerOptions withClock(Clock newClock) {
    return new ServerOptions(rateLimits, maxInFlight, idleTimeout, newClock, leadMemoryBytes, writeBodyDeadline, requestHeadDeadline, answerDeadline, admissionWait);
  }

  public ServerOptions withLeadMemory(long bytes) {
    return new ServerOptions(rateLimits, maxInFlight, idleTimeout, clock, bytes, writeBodyDeadline, requestHeadDeadline, answerDeadline, admissionWait);
  }

  public ServerOptions withWriteBodyDeadline(Duration deadline) {
    return new ServerOptions(rateLimits, maxInFlight, idleTimeout, clock, leadMemoryBytes, deadline, requestHeadDeadline, answerDeadline, admissionWait);
  }

  public ServerOptions withRequestHeadDeadline(Duration deadline) {
    return new ServerOptions(
        rateLimits, maxInFlight, idleTimeout, clock, leadMemoryBytes, writeBodyDeadline, deadline, answerDeadline, admissionWait);
  }

  public ServerOptions withAnswerDeadline(Duration deadline) {
    return new ServerOptions(
        rateLimits,
        maxInFlight,
        idleTimeout,
        clock,
        leadMemoryBytes,
        writeBodyDeadline,
        requestHeadDeadline,
        deadline,
        admissionWait);
  }

  public ServerOptions withAdmissionWait(Duration wait) {
    return new ServerOptions(
        rateLimits,
        maxInFlight,
        idleTimeout,
        clock,
        leadMemoryBytes,
        writeBodyDeadline,
        requestHeadDeadline,
        answerDeadline,
        wait);
  }
}
