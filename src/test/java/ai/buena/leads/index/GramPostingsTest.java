package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** {@link GramPostings} against a map of sets, through random adds and removes. */
class GramPostingsTest {

  @Test
  void shouldHoldWhatAMapOfSetsHoldsThroughRandomAddsAndRemoves() {
    for (long seed = 1; seed <= 40; seed++) {
      Random random = new Random(seed);
      GramPostings postings = new GramPostings();
      Map<Long, TreeSet<Integer>> reference = new HashMap<>();
      // few grams and ids, so that grams go from one id to few to many and back
      int grams = 1 + random.nextInt(seed % 2 == 0 ? 8 : 400);
      int ids = 1 + random.nextInt(seed % 3 == 0 ? 3 : 40);
      for (int step = 0; step < 4_000; step++) {
        long gram = random.nextInt(grams) * 0x1_0000_0001L - (seed % 5 == 0 ? 0 : 7);
        int id = random.nextInt(ids);
        if (random.nextInt(3) == 0) {
          postings.remove(gram, id);
          TreeSet<Integer> set = reference.get(gram);
          if (set != null) {
            set.remove(id);
            if (set.isEmpty()) {
              reference.remove(gram);
            }
          }
        } else {
          postings.add(gram, id);
          reference.computeIfAbsent(gram, g -> new TreeSet<>()).add(id);
        }
        if (step % 97 == 0) {
          assertSame(postings, reference, grams, "seed " + seed + " step " + step);
        }
      }
      assertSame(postings, reference, grams, "seed " + seed);
    }
  }

  @Test
  void shouldKeepEachGramOnceWhenItsIdsAreGivenWhole() {
    GramPostings postings = new GramPostings();

    assertThat(postings.putNew(5L, RoaringBitmap.bitmapOf(3))).isTrue();
    assertThat(postings.putNew(6L, RoaringBitmap.bitmapOf(1, 2, 3))).isTrue();
    assertThat(postings.putNew(7L, RoaringBitmap.bitmapOfRange(0, 100))).isTrue();
    assertThat(postings.putNew(6L, RoaringBitmap.bitmapOf(9))).isFalse();

    assertThat(postings.get(5L)).isEqualTo(RoaringBitmap.bitmapOf(3));
    assertThat(postings.get(6L)).isEqualTo(RoaringBitmap.bitmapOf(1, 2, 3));
    assertThat(postings.cardinality(7L)).isEqualTo(100);
    assertThat(postings.size()).isEqualTo(3);
  }

  private static void assertSame(
      GramPostings postings, Map<Long, TreeSet<Integer>> reference, int grams, String when) {
    assertThat(postings.size()).as(when).isEqualTo(reference.size());
    Map<Long, RoaringBitmap> visited = new HashMap<>();
    postings.forEach((gram, ids) -> visited.put(gram, ids.clone()));
    assertThat(visited).as(when).hasSize(reference.size());
    for (Map.Entry<Long, TreeSet<Integer>> entry : reference.entrySet()) {
      RoaringBitmap expected = new RoaringBitmap();
      entry.getValue().forEach(expected::add);
      assertThat(postings.get(entry.getKey())).as(when).isEqualTo(expected);
      assertThat(postings.cardinality(entry.getKey())).as(when).isEqualTo(expected.getCardinality());
      assertThat(visited.get(entry.getKey())).as(when).isEqualTo(expected);
    }
    assertThat(postings.get(Long.MIN_VALUE)).as(when).isNull();
    assertThat(postings.cardinality(Long.MIN_VALUE)).as(when).isZero();
  }
}
