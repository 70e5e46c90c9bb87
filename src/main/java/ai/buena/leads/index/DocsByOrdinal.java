package ai.buena.leads.index;

import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The docs of each value of an enum (a lead's status, its source), by ordinal. A value's bitmap is
 * made when its first doc comes and let go when its last one leaves: most indexes are a small
 * workspace's share of a partition and have leads of one or two values only, and an empty bitmap
 * costs about a hundred bytes.
 */
final class DocsByOrdinal {
  private final RoaringBitmap[] docs;

  DocsByOrdinal(int values) {
    docs = new RoaringBitmap[values];
  }

  int values() {
    return docs.length;
  }

  void add(int ordinal, int doc) {
    RoaringBitmap bitmap = docs[ordinal];
    if (bitmap == null) {
      bitmap = new RoaringBitmap();
      docs[ordinal] = bitmap;
    }
    bitmap.add(doc);
  }

  void remove(int ordinal, int doc) {
    RoaringBitmap bitmap = docs[ordinal];
    if (bitmap != null) {
      bitmap.remove(doc);
      if (bitmap.isEmpty()) {
        docs[ordinal] = null;
      }
    }
  }

  /** The docs of the value, to read only (an empty bitmap of its own when there are none). */
  RoaringBitmap of(int ordinal) {
    RoaringBitmap bitmap = docs[ordinal];
    return bitmap == null ? new RoaringBitmap() : bitmap;
  }

  boolean contains(int ordinal, int doc) {
    RoaringBitmap bitmap = docs[ordinal];
    return bitmap != null && bitmap.contains(doc);
  }

  long count(int ordinal) {
    RoaringBitmap bitmap = docs[ordinal];
    return bitmap == null ? 0 : bitmap.getLongCardinality();
  }

  /** How many of {@code among} have the value, without building their intersection. */
  int countAmong(int ordinal, RoaringBitmap among) {
    RoaringBitmap bitmap = docs[ordinal];
    return bitmap == null ? 0 : RoaringBitmap.andCardinality(among, bitmap);
  }

  IntIterator iterator(int ordinal) {
    return of(ordinal).getIntIterator();
  }

  /** The number of values, then each value's bitmap (empty ones too: the format has one for each). */
  void writeTo(SnapshotOutput out) {
    out.putInt(docs.length);
    RoaringBitmap none = new RoaringBitmap();
    for (RoaringBitmap bitmap : docs) {
      out.putBitmap(bitmap == null ? none : bitmap);
    }
  }

  /** Replaces the content with what {@link #writeTo} wrote. */
  void readFrom(SnapshotInput in, String what) {
    if (in.getInt() != docs.length) {
      throw new CorruptSnapshotException("another number of " + what);
    }
    for (int ordinal = 0; ordinal < docs.length; ordinal++) {
      RoaringBitmap bitmap = new RoaringBitmap();
      in.getBitmap(bitmap);
      docs[ordinal] = bitmap.isEmpty() ? null : bitmap;
    }
  }
}
