package ai.buena.leads.index;

import java.util.Arrays;

/**
 * The distinct values of one dictionary one after another in one char buffer, each after a {@code
 * '\0'}, so that finding a term in all of them is one scan of contiguous memory ({@link
 * StringBuilder#indexOf}, the JDK's vectorised string search: about a third of a nanosecond a char
 * here) instead of a {@link String#contains} per value reached through its object: a term found in
 * most of a hundred thousand distinct values costs the scan and one step per value found.
 *
 * <p>Exact as {@link String#contains}: a value's chars are its string's UTF-16 units, and a term
 * without {@code '\0'} never matches across the separator. A removed value's chars become {@code
 * '\0'}, so it is never found; the buffer is compacted when removed chars outnumber the live ones.
 */
final class ConcatenatedValues {
  static final char SEPARATOR = '\0';
  /** Compaction waits for at least this many removed chars, so a small dictionary is not rewritten often. */
  private static final int COMPACT_FROM = 4_096;

  private StringBuilder chars = new StringBuilder();
  /** By entry, in buffer order: where its value's first char is, and its value's id (-1 once removed). */
  private int[] starts = new int[4];
  private int[] ids = new int[4];
  private int entries;
  /** By value id: its entry, or -1. */
  private int[] entryOfId = new int[4];
  private long removedChars;

  /** Whether {@code term} can be looked for here (it has no separator). */
  static boolean searchable(String term) {
    return term.indexOf(SEPARATOR) < 0;
  }

  void add(int id, String text) {
    if (entries == starts.length) {
      starts = Arrays.copyOf(starts, entries * 2);
      ids = Arrays.copyOf(ids, entries * 2);
    }
    if (id >= entryOfId.length) {
      int from = entryOfId.length;
      entryOfId = Arrays.copyOf(entryOfId, Math.max(id + 1, from * 2));
      Arrays.fill(entryOfId, from, entryOfId.length, -1);
    }
    chars.append(SEPARATOR);
    starts[entries] = chars.length();
    ids[entries] = id;
    entryOfId[id] = entries++;
    chars.append(text);
  }

  void remove(int id) {
    int entry = id < entryOfId.length ? entryOfId[id] : -1;
    if (entry < 0) {
      return;
    }
    int end = endOf(entry);
    for (int i = starts[entry]; i < end; i++) {
      chars.setCharAt(i, SEPARATOR);
    }
    removedChars += end - starts[entry];
    ids[entry] = -1;
    entryOfId[id] = -1;
    if (removedChars >= COMPACT_FROM && removedChars > chars.length() - removedChars) {
      compact();
    }
  }

  /** The chars a search scans. */
  long length() {
    return chars.length();
  }

  /**
   * The ids of the values containing {@code term} (non-empty, {@link #searchable}), in buffer
   * order, each once: {@code found[0..count)} of the answer.
   */
  Found containing(String term) {
    int[] found = new int[16];
    int count = 0;
    int entry = 0;
    int at = chars.indexOf(term, 0);
    while (at >= 0) {
      entry = entryAt(at, entry);
      if (count == found.length) {
        found = Arrays.copyOf(found, count * 2);
      }
      found[count++] = ids[entry];
      at = entry + 1 < entries ? chars.indexOf(term, starts[entry + 1]) : -1;
    }
    return new Found(found, count);
  }

  /** Value ids found by a search: {@code ids[0..count)}. */
  record Found(int[] ids, int count) {}

  /** The entry holding buffer position {@code at}, searched forward from {@code from} (at or before it). */
  private int entryAt(int at, int from) {
    int low = from;
    int step = 1;
    int high = from + 1;
    while (high < entries && starts[high] <= at) {
      low = high;
      step <<= 1;
      high = low + step;
    }
    high = Math.min(high, entries);
    while (high - low > 1) {
      int middle = (low + high) >>> 1;
      if (starts[middle] <= at) {
        low = middle;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private int endOf(int entry) {
    return entry + 1 < entries ? starts[entry + 1] - 1 : chars.length();
  }

  /** Rewrites the buffer with the live values only, in the same order. */
  private void compact() {
    StringBuilder live = new StringBuilder((int) (chars.length() - removedChars));
    int kept = 0;
    for (int entry = 0; entry < entries; entry++) {
      int id = ids[entry];
      if (id < 0) {
        continue;
      }
      int start = starts[entry];
      int end = endOf(entry);
      live.append(SEPARATOR);
      starts[kept] = live.length();
      ids[kept] = id;
      entryOfId[id] = kept++;
      live.append(chars, start, end);
    }
    chars = live;
    entries = kept;
    removedChars = 0;
  }
}
