package ai.buena.leads.index;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import java.util.function.IntFunction;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The docs of each status and source together, so a query with both reads one bitmap instead of
 * intersecting two large ones. Derived from the per-status and per-source bitmaps: not written to
 * a snapshot, rebuilt when one loads. A pair's bitmap is made when its first lead comes.
 */
final class StatusSourcePairs {
  private static final int SOURCES = LeadSource.values().length;
  /** Fewer leads than this are sorted into pairs one by one when a snapshot loads. */
  private static final int SMALL = 256;

  private final RoaringBitmap[] pairs = new RoaringBitmap[LeadStatus.values().length * SOURCES];

  void add(int doc, LeadStatus status, LeadSource source) {
    if (source != null) {
      int pair = pair(status, source);
      if (pairs[pair] == null) {
        pairs[pair] = new RoaringBitmap();
      }
      pairs[pair].add(doc);
    }
  }

  void remove(int doc, LeadStatus status, LeadSource source) {
    if (source != null && pairs[pair(status, source)] != null) {
      pairs[pair(status, source)].remove(doc);
    }
  }

  /** The docs of the leads with {@code status} and {@code source}, to read only. */
  RoaringBitmap of(LeadStatus status, LeadSource source) {
    RoaringBitmap docs = pairs[pair(status, source)];
    return docs == null ? new RoaringBitmap() : docs;
  }

  /**
   * Builds every pair from the bitmaps per status and per source (a snapshot just read): by
   * intersections, or, for a small workspace, where 25 intersections cost more than its leads,
   * lead by lead ({@code sourceOf} a doc).
   */
  void rebuild(RoaringBitmap[] perStatus, RoaringBitmap[] perSource, IntFunction<LeadSource> sourceOf) {
    long leads = 0;
    for (RoaringBitmap docs : perStatus) {
      leads += docs.getLongCardinality();
    }
    if (leads < SMALL) {
      for (LeadStatus status : LeadStatus.values()) {
        for (IntIterator docs = perStatus[status.ordinal()].getIntIterator(); docs.hasNext(); ) {
          int doc = docs.next();
          add(doc, status, sourceOf.apply(doc));
        }
      }
      return;
    }
    for (LeadStatus status : LeadStatus.values()) {
      for (LeadSource source : LeadSource.values()) {
        RoaringBitmap docs = RoaringBitmap.and(perStatus[status.ordinal()], perSource[source.ordinal()]);
        pairs[pair(status, source)] = docs.isEmpty() ? null : docs;
      }
    }
  }

  private static int pair(LeadStatus status, LeadSource source) {
    return status.ordinal() * SOURCES + source.ordinal();
  }
}
