package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ConcatenatedValuesTest {

  @Test
  void shouldFindEachValueContainingTheTermOnceInOrderOfAddition() {
    ConcatenatedValues text = new ConcatenatedValues();
    text.add(4, "account executive 00001");
    text.add(2, "cto");
    text.add(7, "executive executive");

    assertThat(ids(text, "executive")).containsExactly(4, 7);
  }

  @Test
  void shouldNotFindATermAcrossTwoValues() {
    ConcatenatedValues text = new ConcatenatedValues();
    text.add(0, "abc");
    text.add(1, "def");

    assertThat(ids(text, "cde")).isEmpty();
    assertThat(ids(text, "cd")).isEmpty();
  }

  @Test
  void shouldNotFindARemovedValueNorLetItsIdBeReusedWrongly() {
    ConcatenatedValues text = new ConcatenatedValues();
    text.add(0, "software engineer");
    text.add(1, "sales engineer");
    text.remove(0);
    text.add(0, "chef");

    assertThat(ids(text, "engineer")).containsExactly(1);
    assertThat(ids(text, "chef")).containsExactly(0);
  }

  @Test
  void shouldMatchUtf16UnitsAsStringContainsDoes() {
    ConcatenatedValues text = new ConcatenatedValues();
    text.add(0, "王 🚀 für");
    text.add(1, "plain");
    String lowSurrogateOfRocket = "🚀".substring(1);

    assertThat(ids(text, lowSurrogateOfRocket + " f")).containsExactly(0);
    assertThat(ids(text, "ain")).containsExactly(1);
  }

  @Test
  void shouldRefuseToSearchATermWithTheSeparator() {
    assertThat(ConcatenatedValues.searchable("a\0b")).isFalse();
    assertThat(ConcatenatedValues.searchable("ab")).isTrue();
  }

  /**
   * Seeded: random values over a small alphabet (so terms match many values, and runs of removals
   * compact the buffer), added and removed at random, compared with {@link String#contains}.
   */
  @Test
  void shouldFindExactlyTheLiveValuesThatContainTheTermThroughAddsRemovesAndCompactions() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    ConcatenatedValues text = new ConcatenatedValues();
    Map<Integer, String> live = new HashMap<>();
    List<Integer> freed = new ArrayList<>();
    int nextId = 0;
    for (int step = 0; step < 20_000; step++) {
      if (live.isEmpty() || random.nextInt(100) < 55) {
        int id = freed.isEmpty() ? nextId++ : freed.remove(freed.size() - 1);
        String value = word(random, 1 + random.nextInt(random.nextInt(10) == 0 ? 300 : 12));
        text.add(id, value);
        live.put(id, value);
      } else {
        List<Integer> ids = new ArrayList<>(live.keySet());
        int id = ids.get(random.nextInt(ids.size()));
        text.remove(id);
        live.remove(id);
        freed.add(id);
      }
      if (step % 97 == 0) {
        String term = word(random, 1 + random.nextInt(4));
        TreeSet<Integer> expected = new TreeSet<>();
        live.forEach((id, value) -> {
          if (value.contains(term)) {
            expected.add(id);
          }
        });
        List<Integer> found = ids(text, term);
        assertThat(found).as("seed %d, step %d, term '%s'", seed, step, term).doesNotHaveDuplicates();
        assertThat(new TreeSet<>(found)).as("seed %d, step %d, term '%s'", seed, step, term).isEqualTo(expected);
      }
    }
  }

  private static String word(Random random, int length) {
    String alphabet = "abcé王🚀 ";
    StringBuilder word = new StringBuilder();
    while (word.length() < length) {
      int at = random.nextInt(alphabet.length());
      word.append(Character.isSurrogate(alphabet.charAt(at)) ? "🚀" : String.valueOf(alphabet.charAt(at)));
    }
    return word.toString();
  }

  private static List<Integer> ids(ConcatenatedValues text, String term) {
    ConcatenatedValues.Found found = text.containing(term);
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < found.count(); i++) {
      ids.add(found.ids()[i]);
    }
    return ids;
  }
}
