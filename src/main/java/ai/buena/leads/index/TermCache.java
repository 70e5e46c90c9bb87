package ai.buena.leads.index;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * The exact docs of a few frequent text terms in one workspace index, so that a term matching a
 * large share of the leads costs one bitmap operation instead of a test per matching value or
 * address. Derived data, never persisted: an index starts with an empty cache.
 *
 * <p>Kept exact by the writes rather than dropped by them: every change of a lead's text fields
 * tests the lead against each cached term ({@link #leadChanged}), under the index's write lock. So
 * a cached answer is never stale, and stays useful while events keep arriving. That test is the
 * price of a cached term on the write path: at most {@link #MAX_TERMS} terms of at most {@link
 * #MAX_TERM_LENGTH} chars times five fields.
 *
 * <p>Bounded: at most {@link #MAX_TERMS} terms, and at insertion the bitmaps' bytes at most {@link
 * #bytesAllowed} (four bytes per lead of the index: under 1 % of what the index holds per lead,
 * and room for sixteen dense bitmaps); the least recently used terms are evicted first. Between
 * insertions a cached bitmap changes only by its leads' changes, and never holds more than one
 * bit per doc number. Readers insert and look up concurrently under
 * the index's read lock (so those are synchronized); only writers change the cached bitmaps, and
 * readers never change them.
 */
final class TermCache {
  static final int MAX_TERMS = 16;
  /**
   * Longer terms are not cached: a cached term is tested on every text change of a lead, on the
   * stream thread, where a long term in a long repetitive value costs microseconds per test (see
   * {@code WorkBudget#containsExtra}) that no request's budget pays. Frequent terms are short.
   */
  static final int MAX_TERM_LENGTH = 32;
  private static final long BYTES_PER_LEAD = 4;

  /** A text to find in any of some fields (the title filter: one field; a search term: all). */
  record Term(String text, List<SearchedField> fields) {
    /** On the write path: no budget, and no budget object made per test. */
    boolean foundIn(LeadSummary lead) {
      return foundIn(lead, null);
    }

    /**
     * {@link #foundIn(LeadSummary)}, each test beyond its one unit charged to {@code budget}
     * (null: nothing charged).
     */
    boolean foundIn(LeadSummary lead, WorkBudget budget) {
      for (SearchedField field : fields) {
        String value = field.of(lead);
        if (value == null) {
          continue;
        }
        if (budget != null) {
          budget.spendContains(value, text);
        }
        if (value.contains(text)) {
          return true;
        }
      }
      return false;
    }
  }

  /** Terms found in many docs through few values, remembered (without docs) to be cached when next asked. */
  private static final int MAX_REMEMBERED = 64;

  /** Made at the first put: most indexes are a small workspace's, never asked for a frequent term. */
  private Map<Term, RoaringBitmap> cached = Map.of();
  private Map<Term, Boolean> frequentSeen = Map.of();
  private long bytes;

  /** The cached docs of {@code term}, read-only, or null; a hit makes it the most recently used. */
  synchronized RoaringBitmap get(Term term) {
    return cached.get(term);
  }

  /** The cached docs of {@code term} without changing the eviction order, or null (for planning). */
  synchronized RoaringBitmap peek(Term term) {
    for (Map.Entry<Term, RoaringBitmap> entry : cached.entrySet()) {
      if (entry.getKey().equals(term)) {
        return entry.getValue();
      }
    }
    return null;
  }

  /**
   * Caches {@code docs}, the exact docs of {@code term} in an index of {@code leads} leads (the
   * cache keeps the bitmap: the caller must not change it after), evicting the least recently used
   * terms while over a bound; a term whose bitmap alone is over the bytes allowed is not cached.
   */
  synchronized void put(Term term, RoaringBitmap docs, int leads) {
    if (term.text().length() > MAX_TERM_LENGTH) {
      return;
    }
    docs.runOptimize();
    long allowed = bytesAllowed(leads);
    if (docs.getLongSizeInBytes() > allowed) {
      return;
    }
    if (cached.isEmpty()) {
      cached = new LinkedHashMap<>(MAX_TERMS * 2, 0.75f, true);
    }
    cached.put(term, docs);
    bytes = evictOldest(cached, term, MAX_TERMS, countBytes(), allowed);
  }

  /**
   * Evicts the least recently used entries of {@code cached} (access-ordered), never {@code kept},
   * while it holds more than {@code maxEntries} or more than {@code allowed} bytes of bitmaps;
   * returns the bytes left, from the {@code bytes} it held.
   */
  static <K> long evictOldest(
      Map<K, RoaringBitmap> cached, K kept, int maxEntries, long bytes, long allowed) {
    Iterator<Map.Entry<K, RoaringBitmap>> oldestFirst = cached.entrySet().iterator();
    while ((cached.size() > maxEntries || bytes > allowed) && oldestFirst.hasNext()) {
      Map.Entry<K, RoaringBitmap> oldest = oldestFirst.next();
      if (oldest.getKey().equals(kept)) {
        continue;
      }
      bytes -= oldest.getValue().getLongSizeInBytes();
      oldestFirst.remove();
    }
    return bytes;
  }

  /** Remembers that {@code term} was found in many docs, though its estimate did not say so. */
  synchronized void rememberFrequent(Term term) {
    if (term.text().length() > MAX_TERM_LENGTH) {
      return;
    }
    if (frequentSeen.isEmpty()) {
      frequentSeen =
          new LinkedHashMap<>(MAX_REMEMBERED * 2, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Term, Boolean> eldest) {
              return size() > MAX_REMEMBERED;
            }
          };
    }
    frequentSeen.put(term, Boolean.TRUE);
  }

  synchronized boolean rememberedFrequent(Term term) {
    return frequentSeen.containsKey(term);
  }

  static long bytesAllowed(int leads) {
    return BYTES_PER_LEAD * leads;
  }

  private long countBytes() {
    long total = 0;
    for (RoaringBitmap docs : cached.values()) {
      total += docs.getLongSizeInBytes();
    }
    return total;
  }

  /** Bytes of the cached bitmaps, as counted at the last insertion or change. */
  synchronized long bytes() {
    return bytes;
  }

  synchronized int size() {
    return cached.size();
  }

  /**
   * Keeps every cached term exact after {@code doc} changed from {@code before} to {@code after}
   * (either null when the lead is new or gone). Under the index's write lock.
   */
  synchronized void leadChanged(int doc, LeadSummary before, LeadSummary after) {
    if (cached.isEmpty()) {
      return;
    }
    boolean changed = false;
    for (Map.Entry<Term, RoaringBitmap> entry : cached.entrySet()) {
      Term term = entry.getKey();
      boolean had = before != null && term.foundIn(before);
      boolean has = after != null && term.foundIn(after);
      if (had != has) {
        changed = true;
        if (has) {
          entry.getValue().add(doc);
        } else {
          entry.getValue().remove(doc);
        }
      }
    }
    if (!changed) {
      return;
    }
    bytes = countBytes();
  }
}
