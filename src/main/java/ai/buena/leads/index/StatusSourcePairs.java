package ai.buena.leads.index;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import org.roaringbitmap.RoaringBitmap;

/**
 * The docs of each status and source together, so a query with both reads one bitmap instead of
 * intersecting two large ones. Derived from the per-status and per-source bitmaps: not written to
 * a snapshot, built when one loads or when an index starts keeping its postings. A pair's bitmap is
 * made when its first lead comes.
 */
final class StatusSourcePairs {
  private static final int SOURCES = LeadSource.values().length;
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

  /** Every pair, intersected from the docs of each status and of each source. */
  StatusSourcePairs(DocsByOrdinal perStatus, DocsByOrdinal perSource) {
    for (LeadStatus status : LeadStatus.values()) {
      for (LeadSource source : LeadSource.values()) {
        RoaringBitmap docs = RoaringBitmap.and(perStatus.of(status.ordinal()), perSource.of(source.ordinal()));
        pairs[pair(status, source)] = docs.isEmpty() ? null : docs;
      }
    }
  }

  private static int pair(LeadStatus status, LeadSource source) {
    return status.ordinal() * SOURCES + source.ordinal();
  }
}
