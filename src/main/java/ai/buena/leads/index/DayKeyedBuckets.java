package ai.buena.leads.index;

import java.util.Arrays;
import java.util.List;

/**
 * Day or run number → its bucket, in two sorted arrays: 12 bytes an entry where a {@code
 * TreeMap<Long, Object>} takes about 56 (its entry and the boxed key). A workspace index of a few
 * thousand leads has a bucket for most days of its years in each of its three time fields, so the
 * map's overhead was about a tenth of such an index's heap. A new key shifts the later ones: keys
 * are days, a few thousand at most, and each is added once.
 */
final class DayKeyedBuckets {
  private static final int INITIAL_CAPACITY = 8;

  private long[] keys = new long[INITIAL_CAPACITY];
  private Object[] values = new Object[INITIAL_CAPACITY];
  private int size;

  /** A bucket and its key, one at a time. */
  interface Visitor {
    void visit(long key, Object bucket);
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  long firstKey() {
    return keys[0];
  }

  long lastKey() {
    return keys[size - 1];
  }

  /** The bucket of {@code key}, or null. */
  Object get(long key) {
    int at = Arrays.binarySearch(keys, 0, size, key);
    return at >= 0 ? values[at] : null;
  }

  void put(long key, Object bucket) {
    int at = Arrays.binarySearch(keys, 0, size, key);
    if (at >= 0) {
      values[at] = bucket;
      return;
    }
    int insertAt = -at - 1;
    if (size == keys.length) {
      int capacity = keys.length + (keys.length >> 1);
      keys = Arrays.copyOf(keys, capacity);
      values = Arrays.copyOf(values, capacity);
    }
    System.arraycopy(keys, insertAt, keys, insertAt + 1, size - insertAt);
    System.arraycopy(values, insertAt, values, insertAt + 1, size - insertAt);
    keys[insertAt] = key;
    values[insertAt] = bucket;
    size++;
  }

  void remove(long key) {
    int at = Arrays.binarySearch(keys, 0, size, key);
    if (at < 0) {
      return;
    }
    System.arraycopy(keys, at + 1, keys, at, size - at - 1);
    System.arraycopy(values, at + 1, values, at, size - at - 1);
    size--;
    values[size] = null;
    if (size > INITIAL_CAPACITY && size < keys.length / 4) {
      keys = Arrays.copyOf(keys, keys.length / 2);
      values = Arrays.copyOf(values, values.length / 2);
    }
  }

  /** Adds to {@code into} the buckets of the keys from {@code from} to {@code to}, inclusive. */
  void addValuesBetween(long from, long to, List<Object> into) {
    for (int at = ceilingIndex(from); at < size && keys[at] <= to; at++) {
      into.add(values[at]);
    }
  }

  /** The position of the first key at least {@code key}: {@link #size()} when none is. */
  int ceilingIndex(long key) {
    int at = Arrays.binarySearch(keys, 0, size, key);
    return at >= 0 ? at : -at - 1;
  }

  /** The position of the last key at most {@code key}: -1 when none is. */
  int floorIndex(long key) {
    int at = Arrays.binarySearch(keys, 0, size, key);
    return at >= 0 ? at : -at - 2;
  }

  long keyAt(int position) {
    return keys[position];
  }

  Object valueAt(int position) {
    return values[position];
  }

  void forEach(Visitor visitor) {
    for (int at = 0; at < size; at++) {
      visitor.visit(keys[at], values[at]);
    }
  }
}
