package ai.buena.leads.write;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The answers this instance gave to writes with an {@code Idempotency-Key}, for 24 hours: a retry
 * with the same request gets the same answer again (nothing is produced), the same key with another
 * request is told so (409). Bounded: beyond {@code capacity} entries the oldest are forgotten.
 *
 * <p>Per instance, in memory: a retry that reaches another instance (or this one after a restart)
 * is not recognised here; it still produces the same event id, which the projection's
 * de-duplication drops, so a write never applies twice. See docs/http-api.md (Idempotency).
 */
public final class IdempotencyCache<A> {
  public static final Duration RETENTION = Duration.ofHours(24);

  private final int capacity;
  private final LinkedHashMap<IdempotencyScope, Remembered<A>> entries = new LinkedHashMap<>();

  public IdempotencyCache(int capacity) {
    this.capacity = capacity;
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
    entries.putIfAbsent(scope, new Remembered<>(fingerprint, answer, now));
    while (entries.size() > capacity) {
      Iterator<?> oldest = entries.values().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  private void forgetExpired(Instant now) {
    Instant horizon = now.minus(RETENTION);
    for (Iterator<Map.Entry<IdempotencyScope, Remembered<A>>> it = entries.entrySet().iterator();
        it.hasNext(); ) {
      if (it.next().getValue().at().isAfter(horizon)) {
        break; // insertion order is time order
      }
      it.remove();
    }
  }
}
