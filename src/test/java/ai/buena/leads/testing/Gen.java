package ai.buena.leads.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of random values for {@link Seeded} properties. Sizes favour their bounds, so empty
 * and longest strings and lists come up often, not only by luck.
 */
@FunctionalInterface
public interface Gen<T> {

  T next(Random random);

  default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
    return random -> mapper.apply(next(random));
  }

  /** This generator's values that pass {@code wanted} (drawn again until one does). */
  default Gen<T> filter(Predicate<? super T> wanted) {
    return random -> {
      for (int attempt = 0; attempt < 10_000; attempt++) {
        T value = next(random);
        if (wanted.test(value)) {
          return value;
        }
      }
      throw new IllegalStateException("10000 values in a row were filtered out");
    };
  }

  /** This generator's values, or {@code null} with the given probability. */
  default Gen<T> orNull(double probability) {
    return random -> random.nextDouble() < probability ? null : next(random);
  }

  /** Lists of {@code min} to {@code max} values. */
  default Gen<List<T>> list(int min, int max) {
    return random -> {
      int size = size(min, max).next(random);
      List<T> values = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        values.add(next(random));
      }
      return values;
    };
  }

  static <T> Gen<T> constant(T value) {
    return random -> value;
  }

  /** Pairs of values of two generators, combined. */
  static <A, B, R> Gen<R> combine(
      Gen<A> first, Gen<B> second, BiFunction<? super A, ? super B, ? extends R> combiner) {
    return random -> combiner.apply(first.next(random), second.next(random));
  }

  @SafeVarargs
  static <T> Gen<T> of(T... values) {
    return of(List.of(values));
  }

  static <T> Gen<T> of(List<T> values) {
    List<T> copy = List.copyOf(values);
    return random -> copy.get(random.nextInt(copy.size()));
  }

  static <E extends Enum<E>> Gen<E> of(Class<E> type) {
    return of(type.getEnumConstants());
  }

  /** One of the generators, picked with equal chances. */
  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... generators) {
    return random -> generators[random.nextInt(generators.length)].next(random);
  }

  /** A generator and how often it is picked relative to the others. */
  record Weighted<T>(int weight, Gen<? extends T> generator) {}

  static <T> Weighted<T> weight(int weight, Gen<? extends T> generator) {
    return new Weighted<>(weight, generator);
  }

  /** One of the generators, picked in proportion to its weight. */
  @SafeVarargs
  static <T> Gen<T> frequency(Weighted<? extends T>... choices) {
    int total = 0;
    for (Weighted<? extends T> choice : choices) {
      total += choice.weight();
    }
    int sum = total;
    return random -> {
      int ticket = random.nextInt(sum);
      for (Weighted<? extends T> choice : choices) {
        ticket -= choice.weight();
        if (ticket < 0) {
          return choice.generator().next(random);
        }
      }
      throw new IllegalStateException("unreachable");
    };
  }

  /** Integers from {@code min} to {@code max}, both included. */
  static Gen<Integer> between(int min, int max) {
    return random -> min + random.nextInt(max - min + 1);
  }

  /** Sizes from {@code min} to {@code max}: the smallest one time in ten, the largest one in twenty. */
  static Gen<Integer> size(int min, int max) {
    return random -> {
      int roll = random.nextInt(20);
      if (roll < 2) {
        return min;
      }
      if (roll == 2) {
        return max;
      }
      return min + random.nextInt(max - min + 1);
    };
  }

  /** Strings of {@code min} to {@code max} UTF-16 units, each one of {@code chars}. */
  static Gen<String> string(String chars, int min, int max) {
    return string(random -> chars.charAt(random.nextInt(chars.length())), min, max);
  }

  /** Strings of {@code min} to {@code max} UTF-16 units drawn from {@code from} to {@code to}. */
  static Gen<String> string(char from, char to, int min, int max) {
    return string(random -> (char) (from + random.nextInt(to - from + 1)), min, max);
  }

  private static Gen<String> string(Gen<Character> chars, int min, int max) {
    return random -> {
      int length = size(min, max).next(random);
      StringBuilder text = new StringBuilder(length);
      for (int i = 0; i < length; i++) {
        text.append(chars.next(random).charValue());
      }
      return text.toString();
    };
  }

  /**
   * Any text of {@code min} to {@code max} code points: ASCII, controls (NUL among them), Latin-1,
   * the whole BMP, {@code U+FFFF}, supplementary characters, and lone high and low surrogates.
   */
  static Gen<String> anyText(int min, int max) {
    Gen<Integer> codePoints =
        frequency(
            weight(4, between(0x21, 0x7E)),
            weight(1, of(0x00, 0x09, 0x0A, 0x0D, 0x20, 0x7F)),
            weight(1, between(0x80, 0xFF)),
            weight(2, between(0x100, 0xFFFF)),
            weight(1, of(0xFFFF, 0xFEFF, 0xFFFD, 0x0301)),
            weight(1, between(0x10000, Character.MAX_CODE_POINT)),
            weight(1, between(Character.MIN_SURROGATE, Character.MAX_SURROGATE)));
    return random -> {
      int length = size(min, max).next(random);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < length; i++) {
        text.appendCodePoint(codePoints.next(random));
      }
      return text.toString();
    };
  }

  /** Byte arrays of {@code min} to {@code max} bytes, any values. */
  static Gen<byte[]> bytes(int min, int max) {
    return random -> {
      byte[] bytes = new byte[size(min, max).next(random)];
      random.nextBytes(bytes);
      return bytes;
    };
  }
}
