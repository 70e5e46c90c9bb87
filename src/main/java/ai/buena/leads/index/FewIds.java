package ai.buena.leads.index;

import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;

/**
 * A set of ids held as a sorted {@code int[]} while it has at most {@link #MAX}, as a bitmap
 * beyond: where most sets are small (the buckets and postings of a small workspace), an array of
 * one to eight ints takes 20–48 bytes against ~110 for the smallest bitmap.
 */
final class FewIds {
  static final int MAX = 8;
  /** Sets of one small id, shared: a set here is never changed, only replaced. */
  private static final int[][] ONES = new int[64][];

  static {
    for (int id = 0; id < ONES.length; id++) {
      ONES[id] = new int[] {id};
    }
  }

  private FewIds() {}

  /** The set of {@code id} alone: a shared array for a small id. */
  static int[] one(int id) {
    return id >= 0 && id < ONES.length ? ONES[id] : new int[] {id};
  }

  /** {@code ids} with {@code id} added: the same array when it was there, a bitmap past {@link #MAX}. */
  static Object with(int[] ids, int id) {
    int at = Arrays.binarySearch(ids, id);
    if (at >= 0) {
      return ids;
    }
    if (ids.length == MAX) {
      RoaringBitmap many = RoaringBitmap.bitmapOf(ids);
      many.add(id);
      return many;
    }
    int insert = -at - 1;
    int[] more = new int[ids.length + 1];
    System.arraycopy(ids, 0, more, 0, insert);
    more[insert] = id;
    System.arraycopy(ids, insert, more, insert + 1, ids.length - insert);
    return more;
  }

  /** {@code ids} without {@code id} (possibly empty); the same array when it was not there. */
  static int[] without(int[] ids, int id) {
    int at = Arrays.binarySearch(ids, id);
    if (at < 0) {
      return ids;
    }
    int[] fewer = new int[ids.length - 1];
    System.arraycopy(ids, 0, fewer, 0, at);
    System.arraycopy(ids, at + 1, fewer, at, ids.length - at - 1);
    return fewer;
  }

  /**
   * A set (a sorted {@code int[]} or a bitmap) without {@code id}: an array as it was or shorter, or
   * the bitmap changed in place, back to an array once it holds at most half of {@link #MAX} (room
   * to grow before a bitmap again).
   */
  static Object without(Object ids, int id) {
    if (ids instanceof int[] few) {
      return without(few, id);
    }
    RoaringBitmap many = (RoaringBitmap) ids;
    many.remove(id);
    return many.getCardinality() <= MAX / 2 ? many.toArray() : many;
  }

  /** A set (a sorted {@code int[]} or a bitmap) as a bitmap, never to be changed by the caller. */
  static RoaringBitmap bitmap(Object ids) {
    return ids instanceof RoaringBitmap many ? many : RoaringBitmap.bitmapOf((int[]) ids);
  }

  /** {@code ids} in the compact form for their count: an array of at most {@link #MAX}, else themselves. */
  static Object compact(RoaringBitmap ids) {
    return ids.getCardinality() <= MAX ? ids.toArray() : ids;
  }
}
