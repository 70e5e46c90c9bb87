package ai.buena.leads.index;

import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Doc numbers by lead id in one {@code int} array (open addressing, linear probing): the table
 * holds only doc numbers and reads a doc's id through {@code idOf}, so it needs no entry object per
 * lead, unlike a {@code HashMap<String, ...>} (a 32-byte node each). Every doc in the table must
 * keep its id readable through {@code idOf} until it is removed. Not thread-safe.
 */
final class DocsById {
  private static final int EMPTY = -1;
  private static final int MIN_CAPACITY = 16;

  private final IntFunction<String> idOf;
  private int[] table;
  /** 64 minus log2 of the table's length: {@link #home} keeps the hash's top bits. */
  private int shift;
  private int size;

  DocsById(IntFunction<String> idOf) {
    this.idOf = idOf;
    useTable(MIN_CAPACITY);
  }

  int size() {
    return size;
  }

  /** The doc of {@code id}, or -1 when it has none. */
  int get(String id) {
    int mask = table.length - 1;
    for (int i = home(id); ; i = (i + 1) & mask) {
      int doc = table[i];
      if (doc == EMPTY) {
        return -1;
      }
      if (idOf.apply(doc).equals(id)) {
        return doc;
      }
    }
  }

  /**
   * Gives {@code id} the doc {@code doc}; false (and nothing changed) when {@code id} has a doc
   * already.
   */
  boolean add(String id, int doc) {
    if (doc < 0) {
      throw new IllegalArgumentException("doc " + doc);
    }
    if ((size + 1) * 2 > table.length) {
      resize(table.length * 2);
    }
    int mask = table.length - 1;
    for (int i = home(id); ; i = (i + 1) & mask) {
      int present = table[i];
      if (present == EMPTY) {
        table[i] = doc;
        size++;
        return true;
      }
      if (idOf.apply(present).equals(id)) {
        return false;
      }
    }
  }

  /** Makes room for {@code expected} ids in all, so that adding them does not grow the table. */
  void expect(int expected) {
    int capacity = MIN_CAPACITY;
    while (capacity < expected * 2) {
      capacity *= 2;
    }
    if (capacity > table.length) {
      resize(capacity);
    }
  }

  /** Removes {@code id}; returns its doc, or -1 when it had none. */
  int remove(String id) {
    int mask = table.length - 1;
    int i = home(id);
    while (true) {
      int doc = table[i];
      if (doc == EMPTY) {
        return -1;
      }
      if (idOf.apply(doc).equals(id)) {
        closeGap(i, mask);
        size--;
        return doc;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * Empties slot {@code gap}, moving back every later doc of its run that would otherwise no
   * longer be found from its home slot (deletion without tombstones).
   */
  private void closeGap(int gap, int mask) {
    int i = gap;
    for (int j = (i + 1) & mask; table[j] != EMPTY; j = (j + 1) & mask) {
      int home = home(idOf.apply(table[j]));
      // The doc at j may move to i unless its home lies cyclically in (i, j].
      boolean homeBetween = i <= j ? (i < home && home <= j) : (i < home || home <= j);
      if (!homeBetween) {
        table[i] = table[j];
        i = j;
      }
    }
    table[i] = EMPTY;
  }

  private void resize(int capacity) {
    int[] old = table;
    useTable(capacity);
    int mask = capacity - 1;
    for (int doc : old) {
      if (doc != EMPTY) {
        int i = home(idOf.apply(doc));
        while (table[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        table[i] = doc;
      }
    }
  }

  /** An empty table of {@code capacity} slots, a power of two. */
  private void useTable(int capacity) {
    table = new int[capacity];
    Arrays.fill(table, EMPTY);
    shift = 64 - Integer.numberOfTrailingZeros(capacity);
  }

  /** Fibonacci hashing of the string's (cached) hash code onto the table. */
  private int home(String id) {
    return (int) ((id.hashCode() * 0x9E3779B97F4A7C15L) >>> shift);
  }
}
