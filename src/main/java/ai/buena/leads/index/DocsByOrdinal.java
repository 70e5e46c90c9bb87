package ai.buena.leads.index;

import java.util.Arrays;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The docs of each value of an enum (a lead's status, its source), by ordinal. A value's docs are
 * held only while it has some, as a sorted {@code int[]} while they are few ({@link FewIds}), as a
 * bitmap beyond: most indexes are a small workspace's share of a partition, with a lead or two of
 * one or two values, and the smallest bitmap costs about 150 bytes against 24 for an array of one.
 */
final class DocsByOrdinal {
  /** By ordinal: null (no docs), a sorted {@code int[]} or a {@link RoaringBitmap}. */
  private final Object[] docs;

  DocsByOrdinal(int values) {
    docs = new Object[values];
  }

  int values() {
    return docs.length;
  }

  void add(int ordinal, int doc) {
    Object held = docs[ordinal];
    if (held == null) {
      docs[ordinal] = FewIds.one(doc);
    } else if (held instanceof int[] few) {
      docs[ordinal] = FewIds.with(few, doc);
    } else {
      ((RoaringBitmap) held).add(doc);
    }
  }

  void remove(int ordinal, int doc) {
    Object held = docs[ordinal];
    if (held != null) {
      Object left = FewIds.without(held, doc);
      docs[ordinal] = left instanceof int[] few && few.length == 0 ? null : left;
    }
  }

  /** The docs of the value, to read only (a bitmap of its own while they are few or none). */
  RoaringBitmap of(int ordinal) {
    Object held = docs[ordinal];
    return held == null ? new RoaringBitmap() : FewIds.bitmap(held);
  }

  boolean contains(int ordinal, int doc) {
    Object held = docs[ordinal];
    if (held instanceof int[] few) {
      return Arrays.binarySearch(few, doc) >= 0;
    }
    return held != null && ((RoaringBitmap) held).contains(doc);
  }

  long count(int ordinal) {
    Object held = docs[ordinal];
    if (held instanceof int[] few) {
      return few.length;
    }
    return held == null ? 0 : ((RoaringBitmap) held).getLongCardinality();
  }

  /** How many of {@code among} have the value, without building their intersection. */
  int countAmong(int ordinal, RoaringBitmap among) {
    Object held = docs[ordinal];
    if (held instanceof int[] few) {
      int count = 0;
      for (int doc : few) {
        if (among.contains(doc)) {
          count++;
        }
      }
      return count;
    }
    return held == null ? 0 : RoaringBitmap.andCardinality(among, (RoaringBitmap) held);
  }

  IntIterator iterator(int ordinal) {
    return of(ordinal).getIntIterator();
  }

  /** The number of values, then each value's bitmap (empty ones too: the format has one for each). */
  void writeTo(SnapshotOutput out) {
    out.putInt(docs.length);
    for (int ordinal = 0; ordinal < docs.length; ordinal++) {
      out.putBitmap(of(ordinal));
    }
  }

  /** Replaces the content with what {@link #writeTo} wrote. */
  void readFrom(SnapshotInput in, String what) {
    if (in.getInt() != docs.length) {
      throw new CorruptSnapshotException("another number of " + what);
    }
    for (int ordinal = 0; ordinal < docs.length; ordinal++) {
      RoaringBitmap bitmap = in.getBitmapUnlessEmpty();
      docs[ordinal] = bitmap == null ? null : FewIds.compact(bitmap);
    }
  }
}
