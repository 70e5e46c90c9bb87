package ai.buena.leads.index;

import java.util.Arrays;

/**
 * Elements under small numbers, for bitmaps to refer to: a new element takes a freed number
 * before a new one, so the numbers stay dense.
 */
final class Numbered<T> {
  private Object[] elements = new Object[64];
  private int limit;
  private int[] freed = new int[16];
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
}
