package ai.buena.leads.index;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * The docs of the last few date ranges asked for in one workspace index ({@code createdAfter},
 * {@code lastContactedBefore}...), so that a range asked for again costs one lookup instead of an
 * OR of its day buckets, and of the last few status or source filters with date ranges (the
 * follow-up list), so that such a filter asked for again costs no AND of their bitmaps. Valid
 * while the index does not change: every change of the index drops them all ({@link #clear},
 * under its write lock). Readers look up and insert under the index's read lock, concurrently (so
 * those are synchronized), and never change a cached bitmap.
 *
 * <p>Bounded: at most {@link #MAX_RANGES} entries, and their bitmaps' bytes at most {@link
 * TermCache#bytesAllowed} for the index's size; the least recently used go first.
 */
final class DateRangeCache {
  static final int MAX_RANGES = 8;

  /** What a cached bitmap holds the docs of. */
  sealed interface Key permits Range, Filtered {}

  /** A range of one field; a null bound does not bound. */
  record Range(IndexedField field, Instant after, Instant before) implements Key {}

  /** The leads of a status, a source or both (null: any), within a range of each date field. */
  record Filtered(LeadStatus status, LeadSource source, Range created, Range contacted)
      implements Key {}

  /** Made at the first put, as {@link TermCache}'s. */
  private Map<Key, RoaringBitmap> cached = Map.of();
  private long bytes;

  /** The cached docs of {@code key}, read-only, or null. */
  synchronized RoaringBitmap get(Key key) {
    return cached.get(key);
  }

  /**
   * Caches {@code docs}, the exact docs of {@code key} in an index of {@code leads} leads (the
   * cache keeps the bitmap: nobody may change it after), evicting the least recently used entries
   * while over a bound; a bitmap alone over the bytes allowed is not cached.
   */
  synchronized void put(Key key, RoaringBitmap docs, int leads) {
    long allowed = TermCache.bytesAllowed(leads);
    long size = docs.getLongSizeInBytes();
    if (size > allowed) {
      return;
    }
    if (cached.isEmpty()) {
      cached = new LinkedHashMap<>(MAX_RANGES * 2, 0.75f, true);
    }
    RoaringBitmap replaced = cached.put(key, docs);
    bytes += size - (replaced == null ? 0 : replaced.getLongSizeInBytes());
    bytes = TermCache.evictOldest(cached, key, MAX_RANGES, bytes, allowed);
  }

  /** Drops every entry: the index changed. Under its write lock. */
  synchronized void clear() {
    if (!cached.isEmpty()) {
      cached = Map.of();
      bytes = 0;
    }
  }

  synchronized int size() {
    return cached.size();
  }

  synchronized long bytes() {
    return bytes;
  }
}
