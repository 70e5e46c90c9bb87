package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Seeded;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

class DocsByOrdinalTest {
  private static final int VALUES = 6;

  @TempDir Path dir;

  @Test
  void shouldAnswerAsASetPerValueUnderRandomAddsAndRemoves() {
    Seeded.check(
        40,
        random -> {
          DocsByOrdinal docs = new DocsByOrdinal(VALUES);
          List<TreeSet<Integer>> expected = sets();
          // few docs against many steps: values emptied and filled again
          int distinct = 1 + random.nextInt(40);
          for (int step = 0; step < 2_000; step++) {
            int value = random.nextInt(VALUES);
            int doc = random.nextInt(distinct);
            if (random.nextBoolean()) {
              docs.add(value, doc);
              expected.get(value).add(doc);
            } else {
              docs.remove(value, doc);
              expected.get(value).remove(doc);
            }
            assertSame(docs, expected, random.nextInt(distinct));
            RoaringBitmap among = new RoaringBitmap();
            for (int other = 0; other < distinct; other++) {
              if (random.nextBoolean()) {
                among.add(other);
              }
            }
            int asked = random.nextInt(VALUES);
            assertThat(docs.countAmong(asked, among))
                .as("docs of %d among %s", asked, among)
                .isEqualTo((int) expected.get(asked).stream().filter(among::contains).count());
          }
        });
  }

  @Test
  void shouldReadBackWhatItWroteWithSomeValuesEmptied() throws IOException {
    DocsByOrdinal docs = new DocsByOrdinal(VALUES);
    List<TreeSet<Integer>> expected = sets();
    for (int doc = 0; doc < 500; doc++) {
      docs.add(doc % 3, doc);
      expected.get(doc % 3).add(doc);
    }
    docs.add(4, 7);
    docs.remove(4, 7);

    DocsByOrdinal read = roundTrip(docs);

    for (int doc = 0; doc < 500; doc++) {
      assertSame(read, expected, doc);
    }
  }

  @Test
  void shouldGiveAnEmptyBitmapOfItsOwnForAValueWithoutDocs() {
    DocsByOrdinal docs = new DocsByOrdinal(VALUES);
    docs.add(2, 5);
    docs.remove(2, 5);

    RoaringBitmap none = docs.of(2);
    none.add(9);

    assertThat(docs.of(2).isEmpty()).isTrue();
    assertThat(docs.contains(2, 9)).isFalse();
  }

  private static List<TreeSet<Integer>> sets() {
    List<TreeSet<Integer>> sets = new ArrayList<>();
    for (int value = 0; value < VALUES; value++) {
      sets.add(new TreeSet<>());
    }
    return sets;
  }

  private static void assertSame(DocsByOrdinal docs, List<TreeSet<Integer>> expected, int doc) {
    for (int value = 0; value < VALUES; value++) {
      TreeSet<Integer> want = expected.get(value);
      assertThat(docs.count(value)).as("count of %d", value).isEqualTo(want.size());
      assertThat(docs.of(value).toArray()).as("docs of %d", value)
          .containsExactly(want.stream().mapToInt(Integer::intValue).toArray());
      assertThat(docs.contains(value, doc)).as("%d has %d", value, doc).isEqualTo(want.contains(doc));
    }
  }

  private DocsByOrdinal roundTrip(DocsByOrdinal docs) throws IOException {
    DocsByOrdinal read = new DocsByOrdinal(VALUES);
    read.readFrom(SnapshotRoundTrip.of(dir.resolve("docs.snapshot"), docs::writeTo), "values");
    return read;
  }
}
