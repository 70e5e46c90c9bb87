package ai.buena.leads.index;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;

/**
 * A sorted list of distinct elements that also answers "how many come before this" and "which one
 * is at position i": short sorted arrays (blocks) in order, found by binary search on each block's
 * last element. It holds each element's int key, not the element: {@code elementOf} gives the
 * element a key stands for now, so an element replaced by another that sorts the same (a lead's
 * new summary whose value of the field did not change) needs no change of the list at all. While
 * a key is in the list, the element {@code elementOf} gives for it must sort where the key is;
 * positions for deep pages without walking to them, and a walk that tests keys ({@link #filtered})
 * reads the elements it keeps and no other.
 */
final class RankedList<T> {
  private static final int MAX_BLOCK = 1024;
  /**
   * Slots a new or filled block has beyond its elements: four while it is small (most lists of a
   * small workspace hold a few leads, six lists an index), sixteen from {@link #ROOMY_FROM} on.
   */
  private static final int SMALL_ROOM = 4;
  private static final int ROOM = 16;
  private static final int ROOMY_FROM = 64;

  private static final Block[] NO_BLOCKS = new Block[0];

  private final Comparator<? super T> order;
  private final ToIntFunction<? super T> keyOf;
  private final IntFunction<? extends T> elementOf;
  /** The blocks in order, {@code blocks[0..blockCount)}; an array, not a list: most lists hold a few leads. */
  private Block[] blocks = NO_BLOCKS;
  private int blockCount;
  private int size;
  /**
   * Where each block starts (position of its first element), then the size; null after a change
   * until a read asks. Reads run only while nothing changes the list, so the readers that compute
   * it at the same time compute the same array.
   */
  private volatile int[] starts;

  private static final class Block {
    /** The keys of the block's elements, in order. */
    int[] keys;
    int size;
  }

  /**
   * A list of the elements {@code elementOf} gives for its keys, in {@code order}; {@code keyOf}
   * is an element's key, which never changes while it is in the list.
   */
  RankedList(Comparator<? super T> order, ToIntFunction<? super T> keyOf, IntFunction<? extends T> elementOf) {
    this.order = order;
    this.keyOf = keyOf;
    this.elementOf = elementOf;
  }

  private static Block newBlock(int capacity) {
    Block block = new Block();
    block.keys = new int[capacity];
    return block;
  }

  int size() {
    return size;
  }

  /** Replaces the content with {@code sorted}: distinct elements already in this list's order. */
  void fill(List<T> sorted) {
    int[] keys = new int[sorted.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = keyOf.applyAsInt(sorted.get(i));
    }
    fillBlocks(keys, keys.length);
  }

  /**
   * Replaces the content with the elements of the first {@code count} of {@code keys}, already in
   * this list's order. Copies the keys without reading any element, which a list of a million
   * elements read from a snapshot would otherwise do once each, in an order unrelated to where they
   * lie in memory.
   */
  void fill(int[] keys, int count) {
    if (count < 0 || count > keys.length) {
      throw new IllegalArgumentException(count + " elements of " + keys.length + " keys");
    }
    fillBlocks(keys, count);
  }

  /** Half-full blocks of copies of {@code keys}. */
  private void fillBlocks(int[] keys, int count) {
    starts = null;
    blocks = new Block[(count + MAX_BLOCK / 2 - 1) / (MAX_BLOCK / 2)];
    blockCount = 0;
    for (int from = 0; from < count; from += MAX_BLOCK / 2) {
      int length = Math.min(count - from, MAX_BLOCK / 2);
      // a small workspace's list is not given a half block it never fills
      Block block = newBlock(length + (length < ROOMY_FROM ? SMALL_ROOM : ROOM));
      System.arraycopy(keys, from, block.keys, 0, length);
      block.size = length;
      insertBlock(blockCount, block);
    }
    size = count;
  }

  /** Adds {@code element}, which {@code elementOf} gives for its key from now on. */
  void add(T element) {
    starts = null;
    if (blockCount == 0) {
      // most lists of a small workspace's index hold one lead
      insertBlock(0, newBlock(1));
    }
    int b;
    Block block;
    int at;
    if (sortsAfterLast(element)) {
      // the time orders (createdAt, updatedAt, lastContactedAt) mostly grow at their end
      b = blockCount - 1;
      block = blocks[b];
      at = block.size;
    } else {
      b = blockFor(element);
      block = blocks[b];
      at = search(block, element);
      if (at >= 0) {
        throw new IllegalArgumentException("already in the list: " + element);
      }
      at = -at - 1;
    }
    if (block.size == block.keys.length) {
      block.keys = Arrays.copyOf(block.keys, block.keys.length * 2);
    }
    System.arraycopy(block.keys, at, block.keys, at + 1, block.size - at);
    block.keys[at] = keyOf.applyAsInt(element);
    block.size++;
    size++;
    if (block.size == MAX_BLOCK) {
      split(b);
    }
  }

  /**
   * Removes {@code element}: the one the list holds, as {@code elementOf} gives it still, or one
   * that sorts the same.
   */
  boolean remove(T element) {
    if (blockCount == 0) {
      return false;
    }
    int b = blockFor(element);
    Block block = blocks[b];
    int at = search(block, element);
    if (at < 0) {
      return false;
    }
    starts = null;
    System.arraycopy(block.keys, at + 1, block.keys, at, block.size - at - 1);
    block.size--;
    size--;
    if (block.size == 0 && blockCount > 1) {
      removeBlock(b);
    }
    return true;
  }

  /** How many elements sort before {@code probe}, and also equal to it when {@code inclusive}. */
  int rank(T probe, boolean inclusive) {
    if (blockCount == 0) {
      return 0;
    }
    int b = blockFor(probe);
    Block block = blocks[b];
    int at = search(block, probe);
    int inBlock = at >= 0 ? (inclusive ? at + 1 : at) : -at - 1;
    return before(b) + inBlock;
  }

  T get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException(index);
    }
    int[] known = starts();
    int b = blockAt(known, index);
    return elementOf.apply(blocks[b].keys[index - known[b]]);
  }

  /** The elements from position {@code from} (inclusive) to the end, ascending. */
  Iterator<T> ascendingFrom(int from) {
    return new Walk(from, size, true);
  }

  /** The elements from position {@code from} (inclusive) to {@code to} (exclusive), ascending. */
  Iterator<T> ascendingBetween(int from, int to) {
    return new Walk(from, to, true);
  }

  /** The elements from position {@code from} (inclusive) down to {@code downTo} (inclusive). */
  Iterator<T> descendingFrom(int from, int downTo) {
    return new Walk(from, downTo, false);
  }

  /**
   * The elements from position {@code from} (inclusive) towards {@code to} (exclusive when
   * ascending, inclusive when not) whose key {@code accept} takes, in that direction, reading no
   * element whose key it refuses. Every position passed counts against {@code steps}; the walk
   * ends when they run out ({@link WalkSteps#exhausted()}).
   */
  Iterator<T> filtered(int from, int to, boolean ascending, IntPredicate accept, WalkSteps steps) {
    return new FilteredWalk(new Walk(from, to, ascending), accept, steps);
  }

  /**
   * The positions from {@code from} to {@code to}, both included, in that direction (descending
   * when {@code from > to}), whose key {@code accept} takes, written to {@code into} from {@code
   * count} on until it is full; reads no element. Every position passed counts against {@code
   * steps}, and the walk ends when they run out ({@link WalkSteps#exhausted()}). Returns the new
   * count.
   */
  int positionsWithKey(int from, int to, IntPredicate accept, int[] into, int count, WalkSteps steps) {
    if (from < 0 || from >= size || to < 0 || to >= size || count >= into.length) {
      return count;
    }
    boolean ascending = from <= to;
    long length = Math.abs((long) to - from) + 1;
    long allowed = Math.min(length, steps.left());
    int[] known = starts();
    int b = blockAt(known, from);
    int in = from - known[b];
    Block block = blocks[b];
    int position = from;
    long passed = 0;
    while (passed < allowed && count < into.length) {
      passed++;
      if (accept.test(block.keys[in])) {
        into[count++] = position;
      }
      if (ascending) {
        position++;
        if (++in == block.size && passed < allowed) {
          block = blocks[++b];
          in = 0;
        }
      } else {
        position--;
        if (--in < 0 && passed < allowed) {
          block = blocks[--b];
          in = block.size - 1;
        }
      }
    }
    steps.passed(passed, passed < length && count < into.length);
    return count;
  }

  private boolean sortsAfterLast(T element) {
    Block last = blocks[blockCount - 1];
    return last.size > 0 && order.compare(elementOf.apply(last.keys[last.size - 1]), element) < 0;
  }

  /** The first block whose last element is not below {@code element}, else the last block. */
  private int blockFor(T element) {
    int low = 0;
    int high = blockCount - 1;
    while (low < high) {
      int mid = (low + high) >>> 1;
      Block block = blocks[mid];
      if (block.size > 0 && order.compare(elementOf.apply(block.keys[block.size - 1]), element) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  private int search(Block block, T element) {
    int low = 0;
    int high = block.size - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int c = order.compare(elementOf.apply(block.keys[mid]), element);
      if (c < 0) {
        low = mid + 1;
      } else if (c > 0) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -(low + 1);
  }

  private void split(int b) {
    Block full = blocks[b];
    Block upper = newBlock(MAX_BLOCK);
    int half = full.size / 2;
    System.arraycopy(full.keys, half, upper.keys, 0, full.size - half);
    upper.size = full.size - half;
    full.size = half;
    insertBlock(b + 1, upper);
  }

  private void insertBlock(int at, Block block) {
    if (blockCount == blocks.length) {
      blocks = Arrays.copyOf(blocks, Math.max(1, blockCount * 2));
    }
    System.arraycopy(blocks, at, blocks, at + 1, blockCount - at);
    blocks[at] = block;
    blockCount++;
  }

  private void removeBlock(int at) {
    System.arraycopy(blocks, at + 1, blocks, at, blockCount - at - 1);
    blocks[--blockCount] = null;
  }

  private int before(int b) {
    return starts()[b];
  }

  private int[] starts() {
    int[] known = starts;
    if (known == null) {
      known = new int[blockCount + 1];
      for (int b = 0; b < blockCount; b++) {
        known[b + 1] = known[b] + blocks[b].size;
      }
      starts = known;
    }
    return known;
  }

  /** The block holding {@code position} (0 ≤ position < size): the first that ends past it. */
  private static int blockAt(int[] starts, int position) {
    int low = 0;
    int high = starts.length - 2;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (starts[mid + 1] <= position) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** A walk over positions, one block at a time. */
  private final class Walk implements Iterator<T> {
    private final boolean ascending;
    private int remaining;
    private int block;
    private Block current;
    private int inBlock;

    Walk(int from, int to, boolean ascending) {
      this.ascending = ascending;
      this.remaining = ascending ? Math.max(0, to - from) : Math.max(0, from - to + 1);
      if (remaining == 0) {
        return;
      }
      int[] known = starts();
      block = blockAt(known, from);
      current = blocks[block];
      inBlock = from - known[block];
    }

    @Override
    public boolean hasNext() {
      return remaining > 0;
    }

    @Override
    public T next() {
      if (remaining == 0) {
        throw new NoSuchElementException();
      }
      T element = elementOf.apply(current.keys[inBlock]);
      skip();
      return element;
    }

    int key() {
      return current.keys[inBlock];
    }

    /** Passes the current position without reading its element. */
    void skip() {
      remaining--;
      if (remaining > 0) {
        step();
      }
    }

    private void step() {
      if (ascending) {
        inBlock++;
        while (inBlock >= current.size) {
          current = blocks[++block];
          inBlock = 0;
        }
      } else {
        inBlock--;
        while (inBlock < 0) {
          current = blocks[--block];
          inBlock = current.size - 1;
        }
      }
    }
  }

  /** A {@link Walk} that yields only the elements whose key is accepted. */
  private final class FilteredWalk implements Iterator<T> {
    private final Walk walk;
    private final IntPredicate accept;
    private final WalkSteps steps;
    private boolean found;

    FilteredWalk(Walk walk, IntPredicate accept, WalkSteps steps) {
      this.walk = walk;
      this.accept = accept;
      this.steps = steps;
    }

    @Override
    public boolean hasNext() {
      while (!found && walk.hasNext() && steps.take()) {
        if (accept.test(walk.key())) {
          found = true;
        } else {
          walk.skip();
        }
      }
      return found;
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      found = false;
      return walk.next();
    }
  }
}
