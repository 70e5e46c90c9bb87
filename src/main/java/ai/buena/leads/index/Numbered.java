package ai.buena.leads.index;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Elements under small numbers, for bitmaps to refer to: a new element takes a freed number
 * before a new one, so the numbers stay dense.
 */
final class Numbered<T> {
  // small at first: a partition holds one of these per workspace, most of them small
  private Object[] elements = new Object[8];
  private int limit;
  private int[] freed = new int[4];
  private int freedCount;

  /** Stores {@code element}; returns its number. */
  int add(T element) {
    int number;
    if (freedCount > 0) {
      number = freed[--freedCount];
    } else {
      if (limit == elements.length) {
        elements = Arrays.copyOf(elements, elements.length * 2);
      }
      number = limit++;
    }
    elements[number] = element;
    return number;
  }

  /** The element under {@code number}, or null when it was removed. */
  @SuppressWarnings("unchecked")
  T get(int number) {
    return (T) elements[number];
  }

  /** Puts {@code element} under {@code number}, which holds another element now. */
  void set(int number, T element) {
    if (number < 0 || number >= limit || elements[number] == null) {
      throw new IllegalArgumentException("no element under " + number);
    }
    elements[number] = element;
  }

  void remove(int number) {
    elements[number] = null;
    if (freedCount == freed.length) {
      freed = Arrays.copyOf(freed, freed.length * 2);
    }
    freed[freedCount++] = number;
  }

  /** One more than the highest number ever given. */
  int limit() {
    return limit;
  }

  /** Writes the numbers given and freed; {@code element} writes each element present, by number. */
  void writeTo(SnapshotOutput out, Consumer<T> element) {
    out.putInt(limit);
    for (int number = 0; number < limit; number++) {
      T present = get(number);
      out.putByte(present == null ? 0 : 1);
      if (present != null) {
        element.accept(present);
      }
    }
    out.putInt(freedCount);
    for (int i = 0; i < freedCount; i++) {
      out.putInt(freed[i]);
    }
  }

  /** Fills this empty instance with what {@link #writeTo} wrote; {@code element} reads one by number. */
  void readFrom(SnapshotInput in, IntFunction<T> element) {
    int count = in.getCount();
    elements = new Object[Math.max(8, count)];
    int missing = 0;
    for (int number = 0; number < count; number++) {
      if (in.getByte() != 0) {
        elements[number] = element.apply(number);
      } else {
        missing++;
      }
    }
    limit = count;
    freedCount = in.getCount();
    if (freedCount != missing) {
      throw new CorruptSnapshotException(freedCount + " freed numbers for " + missing + " missing");
    }
    freed = new int[Math.max(4, freedCount)];
    for (int i = 0; i < freedCount; i++) {
      int number = in.getInt();
      if (number < 0 || number >= limit || elements[number] != null) {
        throw new CorruptSnapshotException("a freed number that is in use or out of range");
      }
      freed[i] = number;
    }
  }
}
