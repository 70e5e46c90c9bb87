package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RankedListTest {

  @Test
  void shouldKeepTheOrderRanksAndPositionsOfATreeSetThroughManyAddsAndRemoves() {
    Random random = new Random(5);
    RankedList<Integer> list = new RankedList<>(Comparator.naturalOrder(), v -> v, k -> k);
    TreeSet<Integer> expected = new TreeSet<>();
    for (int step = 0; step < 50_000; step++) {
      int value = random.nextInt(20_000);
      if (expected.contains(value)) {
        assertThat(list.remove(value)).isTrue();
        expected.remove(value);
      } else {
        list.add(value);
        expected.add(value);
      }
    }
    List<Integer> sorted = new ArrayList<>(expected);

    assertThat(list.size()).isEqualTo(sorted.size());
    assertThat(collect(list.ascendingFrom(0))).isEqualTo(sorted);
    for (int probe = -1; probe <= 20_000; probe += 37) {
      int below = expected.headSet(probe, false).size();
      assertThat(list.rank(probe, false)).isEqualTo(below);
      assertThat(list.rank(probe, true)).isEqualTo(expected.headSet(probe, true).size());
    }
    for (int i = 0; i < sorted.size(); i += 101) {
      assertThat(list.get(i)).isEqualTo(sorted.get(i));
      assertThat(collect(list.ascendingFrom(i))).isEqualTo(sorted.subList(i, sorted.size()));
      List<Integer> down = new ArrayList<>(sorted.subList(i / 2, i + 1));
      java.util.Collections.reverse(down);
      assertThat(collect(list.descendingFrom(i, i / 2))).isEqualTo(down);
    }
  }

  @Test
  void shouldAnswerRanksAndPositionsBetweenChangesAsATreeSetDoes() {
    Random random = new Random(17);
    RankedList<Integer> list = new RankedList<>(Comparator.naturalOrder(), v -> v, k -> k);
    TreeSet<Integer> expected = new TreeSet<>();
    List<Integer> filled = new ArrayList<>();
    for (int v = 0; v < 4_000; v += 3) {
      filled.add(v);
    }
    list.fill(filled);
    expected.addAll(filled);
    for (int step = 0; step < 20_000; step++) {
      int value = random.nextInt(8_000);
      if (expected.contains(value)) {
        list.remove(value);
        expected.remove(value);
      } else {
        list.add(value);
        expected.add(value);
      }
      // a read after every change: positions known from before a change must not be used after it
      int probe = random.nextInt(8_000);
      int below = expected.headSet(probe, false).size();
      assertThat(list.rank(probe, false)).isEqualTo(below);
      if (below < expected.size()) {
        assertThat(list.get(below)).isEqualTo(expected.ceiling(probe));
        assertThat(list.ascendingFrom(below).next()).isEqualTo(expected.ceiling(probe));
        int[] into = new int[1];
        int found =
            list.positionsWithKey(below, expected.size() - 1, key -> true, into, 0, new WalkSteps(1));
        assertThat(found).isEqualTo(1);
        assertThat(into[0]).isEqualTo(below);
      }
    }
  }

  @Test
  void shouldKeepTheOrderAndKeysOfATreeSetWhenMostElementsArriveAfterTheLast() {
    Random random = new Random(11);
    RankedList<Integer> list = new RankedList<>(Comparator.naturalOrder(), value -> value * 3, key -> key / 3);
    TreeSet<Integer> expected = new TreeSet<>();
    int next = 0;
    for (int step = 0; step < 30_000; step++) {
      int choice = random.nextInt(10);
      if (choice < 6) {
        next += 1 + random.nextInt(3);
        list.add(next);
        expected.add(next);
      } else if (choice < 8 && next > 0) {
        int value = random.nextInt(next);
        if (expected.add(value)) {
          list.add(value);
        }
      } else if (!expected.isEmpty()) {
        Integer removed = random.nextBoolean() ? expected.pollLast() : expected.pollFirst();
        assertThat(list.remove(removed)).isTrue();
      }
    }
    List<Integer> sorted = new ArrayList<>(expected);

    assertThat(collect(list.ascendingFrom(0))).isEqualTo(sorted);
    int[] positions = new int[sorted.size()];
    int count =
        list.positionsWithKey(
            0, sorted.size() - 1, key -> key % 2 == 0, positions, 0, new WalkSteps(Long.MAX_VALUE));
    List<Integer> evenKeys = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      evenKeys.add(list.get(positions[i]));
    }
    assertThat(evenKeys).isEqualTo(sorted.stream().filter(value -> value * 3 % 2 == 0).toList());
    assertThatThrownBy(() -> list.add(sorted.get(sorted.size() - 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A value and a label the order ignores: two of them with one value sort equal. */
  private record Labelled(int value, String label) {}

  @Test
  void shouldReadTheElementItsKeyStandsForNowWithoutAnyChangeOfTheList() {
    Map<Integer, Labelled> current = new HashMap<>();
    for (int v = 0; v < 5_000; v++) {
      current.put(v, new Labelled(v, "old"));
    }
    RankedList<Labelled> list =
        new RankedList<>(Comparator.comparingInt(Labelled::value), Labelled::value, current::get);
    list.fill(current.values().stream().sorted(Comparator.comparingInt(Labelled::value)).toList());

    for (int v = 0; v < 5_000; v += 7) {
      current.put(v, new Labelled(v, "new"));
    }

    assertThat(list.size()).isEqualTo(5_000);
    for (int v = 0; v < 5_000; v++) {
      assertThat(list.get(v)).isEqualTo(new Labelled(v, v % 7 == 0 ? "new" : "old"));
    }
    assertThat(list.rank(new Labelled(700, "other"), false)).isEqualTo(700);
    assertThat(list.remove(new Labelled(700, "other"))).isTrue();
    assertThat(list.get(700)).isEqualTo(new Labelled(701, "old"));
  }

  @Test
  void shouldWalkOnlyTheElementsWhoseKeysAreAcceptedAfterFillsAddsRemovesAndSplits() {
    Random random = new Random(11);
    // Keys differ from the order: the key of v is its reversed bits, so accepted keys scatter.
    RankedList<Integer> list = new RankedList<>(Comparator.naturalOrder(), Integer::reverse, Integer::reverse);
    TreeSet<Integer> expected = new TreeSet<>();
    List<Integer> initial = new ArrayList<>();
    for (int v = 0; v < 3_000; v += 2) {
      initial.add(v);
    }
    list.fill(initial);
    expected.addAll(initial);
    changeAtRandom(list, expected, random, 30_000, 12_000);
    List<Integer> sorted = new ArrayList<>(expected);
    for (int modulus : new int[] {2, 7, 97}) {
      java.util.function.IntPredicate accept = key -> Math.floorMod(key, modulus) == 0;
      List<Integer> wanted = sorted.stream().filter(v -> accept.test(Integer.reverse(v))).toList();
      WalkSteps steps = new WalkSteps(Long.MAX_VALUE);

      assertThat(collect(list.filtered(0, list.size(), true, accept, steps))).isEqualTo(wanted);
      assertThat(steps.taken()).isEqualTo(sorted.size());
      List<Integer> down = new ArrayList<>(wanted);
      java.util.Collections.reverse(down);
      assertThat(collect(list.filtered(list.size() - 1, 0, false, accept, new WalkSteps(Long.MAX_VALUE))))
          .isEqualTo(down);
    }
  }

  @Test
  void shouldHoldTheGivenKeysWhenFilledFromArraysAndKeepThemThroughChanges() {
    Random random = new Random(5);
    RankedList<Integer> list = new RankedList<>(Comparator.naturalOrder(), Integer::reverse, Integer::reverse);
    TreeSet<Integer> expected = new TreeSet<>();
    for (int v = 1; v < 5_000; v += 3) {
      expected.add(v);
    }
    int[] keys = new int[expected.size() + 7];
    int count = 0;
    for (int v : expected) {
      keys[count++] = Integer.reverse(v);
    }
    list.fill(keys, count);
    changeAtRandom(list, expected, random, 5_000, 6_000);
    List<Integer> sorted = new ArrayList<>(expected);
    java.util.function.IntPredicate accept = key -> Math.floorMod(key, 5) == 0;

    assertThat(list.size()).isEqualTo(sorted.size());
    assertThat(collect(list.ascendingFrom(0))).isEqualTo(sorted);
    assertThat(collect(list.filtered(0, list.size(), true, accept, new WalkSteps(Long.MAX_VALUE))))
        .isEqualTo(sorted.stream().filter(v -> accept.test(Integer.reverse(v))).toList());
    assertThat(list.rank(2_501, false)).isEqualTo(expected.headSet(2_501).size());
  }

  @Test
  void shouldReplaceWhatItHeldWithACopyOfTheKeysWithoutComputingAKey() {
    int[] keyCalls = new int[1];
    RankedList<Integer> list =
        new RankedList<>(
            Comparator.naturalOrder(),
            v -> {
              keyCalls[0]++;
              return Integer.reverse(v);
            },
            Integer::reverse);
    List<Integer> before = new ArrayList<>();
    for (int v = 0; v < 3_000; v += 3) {
      before.add(v);
    }
    list.fill(before);
    assertThat(list.rank(1_500, false)).isEqualTo(500);
    for (int count : new int[] {1_024, 1_025, 1, 0, 700}) {
      int[] keys = new int[count];
      for (int i = 0; i < count; i++) {
        keys[i] = Integer.reverse(2 * i + 1);
      }
      keyCalls[0] = 0;

      list.fill(keys, count);
      java.util.Arrays.fill(keys, -1);

      assertThat(keyCalls[0]).isZero();
      assertThat(list.size()).isEqualTo(count);
      List<Integer> expected = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        expected.add(2 * i + 1);
        assertThat(list.get(i)).isEqualTo(2 * i + 1);
      }
      assertThat(collect(list.ascendingFrom(0))).isEqualTo(expected);
      assertThat(list.rank(2 * (count / 2), false)).isEqualTo(count / 2);
      java.util.function.IntPredicate accept = key -> Math.floorMod(key, 3) == 0;
      assertThat(collect(list.filtered(0, count, true, accept, new WalkSteps(Long.MAX_VALUE))))
          .isEqualTo(expected.stream().filter(v -> accept.test(Integer.reverse(v))).toList());
    }
  }

  @Test
  void shouldRefuseAFillOfMoreKeysThanItIsGiven() {
    RankedList<Integer> list = new RankedList<>(Comparator.naturalOrder(), v -> v, k -> k);

    assertThatThrownBy(() -> list.fill(new int[] {1}, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> list.fill(new int[] {1}, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldStopAFilteredWalkThatRunsOutOfSteps() {
    RankedList<Integer> list = new RankedList<>(Comparator.naturalOrder(), v -> v, k -> k);
    List<Integer> values = new ArrayList<>();
    for (int v = 0; v < 1_000; v++) {
      values.add(v);
    }
    list.fill(values);
    WalkSteps steps = new WalkSteps(100);

    assertThat(collect(list.filtered(0, list.size(), true, key -> key % 10 == 0, steps)))
        .containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90);
    assertThat(steps.exhausted()).isTrue();
  }

  @Test
  void shouldKeepWorkingAsASortedListAfterBeingFilledAtOnce() {
    RankedList<Integer> list = new RankedList<>(Comparator.naturalOrder(), v -> v, k -> k);
    TreeSet<Integer> expected = new TreeSet<>();
    for (int i = 0; i < 10_000; i += 2) {
      expected.add(i);
    }
    list.fill(new ArrayList<>(expected));
    for (int i = 1; i < 10_000; i += 6) {
      list.add(i);
      expected.add(i);
    }
    for (int i = 0; i < 10_000; i += 10) {
      list.remove(i);
      expected.remove(i);
    }

    assertThat(collect(list.ascendingFrom(0))).containsExactlyElementsOf(expected);
    assertThat(list.rank(5_001, false)).isEqualTo(expected.headSet(5_001).size());
  }

  @Test
  void shouldNotRemoveWhatItDoesNotHold() {
    RankedList<Integer> list = new RankedList<>(Comparator.naturalOrder(), v -> v, k -> k);
    list.add(1);

    assertThat(list.remove(2)).isFalse();
    assertThat(list.size()).isEqualTo(1);
  }

  @Test
  void shouldWalkNothingFromAnEmptyList() {
    RankedList<Integer> list = new RankedList<>(Comparator.naturalOrder(), v -> v, k -> k);

    assertThat(list.ascendingFrom(0).hasNext()).isFalse();
    assertThat(list.descendingFrom(-1, 0).hasNext()).isFalse();
    assertThat(list.rank(5, true)).isZero();
  }

  private static List<Integer> collect(Iterator<Integer> it) {
    List<Integer> all = new ArrayList<>();
    it.forEachRemaining(all::add);
    return all;
  }

  /** {@code steps} random values below {@code bound}: each removed when held, else added. */
  private static void changeAtRandom(
      RankedList<Integer> list, TreeSet<Integer> expected, Random random, int steps, int bound) {
    for (int step = 0; step < steps; step++) {
      int value = random.nextInt(bound);
      if (expected.remove(value)) {
        assertThat(list.remove(value)).isTrue();
      } else {
        list.add(value);
        expected.add(value);
      }
    }
  }
}
