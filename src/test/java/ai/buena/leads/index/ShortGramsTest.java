package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Seeded;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class ShortGramsTest {
  private static final String[] PIECES = {"ma", "ria", "an", "e", "ü", "🚀", "王", " ", "@", "0"};

  @Test
  void shouldFindATermOfOneOrTwoCharsInAnyOfADocsValues() {
    ShortGrams grams = new ShortGrams();
    grams.add(1, "maria", null, "acme");
    grams.add(2, "jo", "me", null);

    assertThat(grams.containing("ma")).isEqualTo(RoaringBitmap.bitmapOf(1));
    assertThat(grams.containing("me")).isEqualTo(RoaringBitmap.bitmapOf(1, 2));
    assertThat(grams.containing("ac")).isEqualTo(RoaringBitmap.bitmapOf(1));
    assertThat(grams.containing("oa")).isEmpty();
  }

  @Test
  void shouldNotFindATwoCharTermAcrossTwoValues() {
    ShortGrams grams = new ShortGrams();
    grams.add(1, "jo", "an");

    assertThat(grams.containing("oa")).isEmpty();
    assertThat(grams.containing("an")).isEqualTo(RoaringBitmap.bitmapOf(1));
  }

  @Test
  void shouldKeepEveryPostingExactThroughAddsChangesAndRemoves() {
    Seeded.check(
        50,
        random -> {
          ShortGrams grams = new ShortGrams();
          Map<Integer, String[]> docs = new HashMap<>();
          for (int step = 0; step < 400; step++) {
            int doc = random.nextInt(60);
            String[] before = docs.get(doc);
            String[] after = random.nextInt(4) == 0 ? null : values(random);
            if (before == null && after != null) {
              grams.add(doc, after);
            } else if (before != null && after == null) {
              grams.remove(doc, before);
            } else if (before != null) {
              grams.change(doc, before, after);
            }
            if (after == null) {
              docs.remove(doc);
            } else {
              docs.put(doc, after);
            }
            String term = term(random);
            assertThat(grams.containing(term)).as("'%s'", term).isEqualTo(expected(docs, term));
          }
        });
  }

  private static RoaringBitmap expected(Map<Integer, String[]> docs, String term) {
    RoaringBitmap found = new RoaringBitmap();
    docs.forEach(
        (doc, values) -> {
          for (String value : values) {
            if (value != null && value.contains(term)) {
              found.add(doc);
            }
          }
        });
    return found;
  }

  private static String[] values(Random random) {
    String[] values = new String[1 + random.nextInt(4)];
    for (int i = 0; i < values.length; i++) {
      if (random.nextInt(5) > 0) {
        StringBuilder value = new StringBuilder();
        for (int n = random.nextInt(4); n >= 0; n--) {
          value.append(PIECES[random.nextInt(PIECES.length)]);
        }
        values[i] = value.toString();
      }
    }
    return values;
  }

  private static String term(Random random) {
    String piece = PIECES[random.nextInt(PIECES.length)] + PIECES[random.nextInt(PIECES.length)];
    int from = random.nextInt(piece.length());
    return piece.substring(from, Math.min(piece.length(), from + 1 + random.nextInt(2)));
  }
}
