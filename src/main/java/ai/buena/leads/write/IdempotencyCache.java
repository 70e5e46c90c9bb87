package ai.buena.leads.write;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The answers this instance gave to writes with an {@code Idempotency-Key}, for 24 hours: a retry
 * with the same request gets the same answer again (nothing is produced), the same key with another
 * request is told so (409). Bounded: beyond {@code capacity} entries, or beyond {@code maxBytes}
 * of answers (each counted with a fixed share for its key and fingerprint), the oldest are
 * forgotten. A count alone did not bound the memory: 100,000 answers of leads near the 16 KiB
 * largest write body are ~1.7 GB.
 *
 * <p>Per instance, in memory: a retry that reaches another instance (or this one after a restart)
 * is not recognised here; it still produces the same event id, which the projection's
 * de-duplication drops, so a write never applies twice. See docs/http-api.md (Idempotency).
 */
public final class IdempotencyCache<A> {
  public static final Duration RETENTION = Duration.ofHours(24);

  /** What an entry holds beside its answer: its scope's strings, the fingerprint, the objects. */
  static final long ENTRY_BYTES = 512;

  private final int capacity;
  private final long maxBytes;
  private final ToLongFunction<A> bytesOf;
  private final LinkedHashMap<IdempotencyScope, Remembered<A>> entries = new LinkedHashMap<>();
  private long bytes;

  /** Bounded by the number of entries only. */
  public IdempotencyCache(int capacity) {
    this(capacity, Long.MAX_VALUE, answer -> 0);
  }

  /** @param bytesOf the bytes an answer holds */
  public IdempotencyCache(int capacity, long maxBytes, ToLongFunction<A> bytesOf) {
    this.capacity = capacity;
    this.maxBytes = maxBytes;
    this.bytesOf = bytesOf;
  }

  /** One answer given: the fingerprint of the request it answered, and when. */
  public record Remembered<A>(String fingerprint, A answer, Instant at) {}

  public synchronized Optional<Remembered<A>> lookup(IdempotencyScope scope, Instant now) {
    forgetExpired(now);
    return Optional.ofNullable(entries.get(scope));
  }

  /** Keeps the first answer to a scope: a concurrent duplicate does not replace it. */
  public synchronized void remember(
      IdempotencyScope scope, String fingerprint, A answer, Instant now) {
    forgetExpired(now);
    if (entries.putIfAbsent(scope, new Remembered<>(fingerprint, answer, now)) == null) {
      bytes += sizeOf(answer);
    }
    while (entries.size() > capacity || (bytes > maxBytes && !entries.isEmpty())) {
      forgetOldest();
    }
  }

  /** The bytes the remembered answers hold, as counted against {@code maxBytes}. */
  public synchronized long bytes() {
    return bytes;
  }

  private long sizeOf(A answer) {
    return ENTRY_BYTES + bytesOf.applyAsLong(answer);
  }

  private void forgetOldest() {
    Iterator<Remembered<A>> oldest = entries.values().iterator();
    bytes -= sizeOf(oldest.next().answer());
    oldest.remove();
  }

  private void forgetExpired(Instant now) {
    Instant horizon = now.minus(RETENTION);
    // insertion order is time order
    while (!entries.isEmpty() && !entries.values().iterator().next().at().isAfter(horizon)) {
      forgetOldest();
    }
  }
}
