package ai.buena.leads.index;

import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;

/**
 * Gram → the ids (docs or dictionary values) having it: an open-addressing table whose ids are
 * held inline while a gram has one id, then as a {@link FewIds} set (a sorted array of at most
 * {@link FewIds#MAX}, a bitmap beyond). Small workspaces, where most grams belong to one or a few leads, pay 20–60 bytes
 * a gram instead of the ~250 of a {@code HashMap<Long, RoaringBitmap>} entry (node, boxed key,
 * bitmap, its container and array): 16 KiB a lead at 100 leads a workspace before
 * (docs/benchmarks.md, "Many small workspaces").
 */
final class GramPostings {
  private static final int NO_ID = -1;
  private static final int INITIAL_CAPACITY = 4;

  private long[] grams = new long[INITIAL_CAPACITY];
  /** The gram's only id, or {@link #NO_ID} when it has more or the slot is empty. */
  private int[] onlyIds = filled(INITIAL_CAPACITY);
  /**
   * The gram's ids when it has more than one: a sorted {@code int[]} of at most {@link FewIds#MAX}, or a
   * {@link RoaringBitmap}; null while it has one, or the slot is empty.
   */
  private Object[] sets = new Object[INITIAL_CAPACITY];
  private int size;

  /** A gram and its ids, one at a time (the bitmap is a fresh one for a gram with few ids). */
  interface Visitor {
    void visit(long gram, RoaringBitmap ids);
  }

  int size() {
    return size;
  }

  void add(long gram, int id) {
    int slot = slotOf(gram);
    if (isEmpty(slot)) {
      if (size + 1 > grams.length * 3 / 4) {
        grow();
        slot = slotOf(gram);
      }
      grams[slot] = gram;
      onlyIds[slot] = id;
      size++;
    } else if (sets[slot] instanceof RoaringBitmap ids) {
      ids.add(id);
    } else if (sets[slot] instanceof int[] ids) {
      sets[slot] = FewIds.with(ids, id);
    } else if (onlyIds[slot] != id) {
      int only = onlyIds[slot];
      sets[slot] = only < id ? new int[] {only, id} : new int[] {id, only};
      onlyIds[slot] = NO_ID;
    }
  }

  /** Removes {@code id} from {@code gram}'s ids, and the gram when none is left. */
  void remove(long gram, int id) {
    int slot = slotOf(gram);
    if (isEmpty(slot)) {
      return;
    }
    Object set = sets[slot];
    if (set == null) {
      if (onlyIds[slot] == id) {
        delete(slot);
      }
    } else {
      Object left = FewIds.without(set, id);
      if (left instanceof int[] few && few.length == 1) {
        onlyIds[slot] = few[0];
        sets[slot] = null;
      } else {
        sets[slot] = left;
      }
    }
  }

  /**
   * {@code gram}'s ids, null when it has none: never to be changed by the caller (a fresh bitmap
   * for a gram with few ids, the table's own for one with more).
   */
  RoaringBitmap get(long gram) {
    int slot = slotOf(gram);
    if (isEmpty(slot)) {
      return null;
    }
    return idsAt(slot);
  }

  private RoaringBitmap idsAt(int slot) {
    Object set = sets[slot];
    return set != null ? FewIds.bitmap(set) : RoaringBitmap.bitmapOf(onlyIds[slot]);
  }

  /** How many ids {@code gram} has (0: none), without a bitmap. */
  int cardinality(long gram) {
    int slot = slotOf(gram);
    if (isEmpty(slot)) {
      return 0;
    }
    Object set = sets[slot];
    if (set instanceof RoaringBitmap ids) {
      return ids.getCardinality();
    }
    return set instanceof int[] ids ? ids.length : 1;
  }

  /**
   * Sets {@code gram}'s ids (not empty) to {@code ids}, which this table then owns; false, and
   * nothing changed, when the gram has ids already.
   */
  boolean putNew(long gram, RoaringBitmap ids) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("a gram without ids");
    }
    int slot = slotOf(gram);
    if (!isEmpty(slot)) {
      return false;
    }
    if (size + 1 > grams.length * 3 / 4) {
      grow();
      slot = slotOf(gram);
    }
    grams[slot] = gram;
    if (ids.getCardinality() == 1) {
      onlyIds[slot] = ids.first();
    } else {
      sets[slot] = FewIds.compact(ids);
    }
    size++;
    return true;
  }

  void forEach(Visitor visitor) {
    for (int slot = 0; slot < grams.length; slot++) {
      if (!isEmpty(slot)) {
        visitor.visit(grams[slot], idsAt(slot));
      }
    }
  }

  private boolean isEmpty(int slot) {
    return onlyIds[slot] == NO_ID && sets[slot] == null;
  }

  /** The slot holding {@code gram}, or the empty slot where it would go. */
  private int slotOf(long gram) {
    int mask = grams.length - 1;
    int slot = hash(gram) & mask;
    while (!isEmpty(slot) && grams[slot] != gram) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  /** Empties {@code slot}, moving back the entries after it that probing would no longer reach. */
  private void delete(int slot) {
    int mask = grams.length - 1;
    int hole = slot;
    int next = (hole + 1) & mask;
    while (!isEmpty(next)) {
      int home = hash(grams[next]) & mask;
      // the entry at next may fill the hole when its home is not strictly after the hole
      // (cyclically, within hole+1..next)
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        grams[hole] = grams[next];
        onlyIds[hole] = onlyIds[next];
        sets[hole] = sets[next];
        hole = next;
      }
      next = (next + 1) & mask;
    }
    grams[hole] = 0;
    onlyIds[hole] = NO_ID;
    sets[hole] = null;
    size--;
  }

  private void grow() {
    long[] oldGrams = grams;
    int[] oldOnlyIds = onlyIds;
    Object[] oldSets = sets;
    int capacity = oldGrams.length * 2;
    grams = new long[capacity];
    onlyIds = filled(capacity);
    sets = new Object[capacity];
    for (int old = 0; old < oldGrams.length; old++) {
      if (oldOnlyIds[old] != NO_ID || oldSets[old] != null) {
        int slot = slotOf(oldGrams[old]);
        grams[slot] = oldGrams[old];
        onlyIds[slot] = oldOnlyIds[old];
        sets[slot] = oldSets[old];
      }
    }
  }

  private static int[] filled(int capacity) {
    int[] ids = new int[capacity];
    Arrays.fill(ids, NO_ID);
    return ids;
  }

  private static int hash(long gram) {
    long h = gram * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }
}
