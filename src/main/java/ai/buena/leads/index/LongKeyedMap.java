package ai.buena.leads.index;

import java.util.function.Supplier;

/**
 * A hash map from long keys to values, open addressing with linear probing: no boxed key and no
 * node per entry, for the trigram postings (hundreds of thousands of keys per large workspace).
 * Removal shifts the following entries back, so no tombstones are left.
 */
final class LongKeyedMap<V> {
  private long[] keys = new long[16];
  private Object[] values = new Object[16];
  private int size;

  V get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return value(i);
      }
    }
    return null;
  }

  V computeIfAbsent(long key, Supplier<V> create) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    for (; values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return value(i);
      }
    }
    V value = create.get();
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
    return value;
  }

  void remove(long key) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (values[i] != null && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (values[i] == null) {
      return;
    }
    values[i] = null;
    size--;
    // shift back every following entry whose home slot is not between the hole and itself
    int hole = i;
    for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
      int home = slot(keys[j], mask);
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        values[j] = null;
        hole = j;
      }
    }
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  private V value(int i) {
    return (V) values[i];
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    int mask = keys.length - 1;
    for (int k = 0; k < oldKeys.length; k++) {
      if (oldValues[k] != null) {
        int i = slot(oldKeys[k], mask);
        while (values[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[k];
        values[i] = oldValues[k];
      }
    }
  }

  private static int slot(long key, int mask) {
    long mixed = key * 0x9E3779B97F4A7C15L;
    return (int) (mixed ^ (mixed >>> 32)) & mask;
  }
}
