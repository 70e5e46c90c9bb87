package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.testing.Gen;
import ai.buena.leads.testing.Seeded;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class DocumentGramsTest {
  private final Map<Integer, String> values = new HashMap<>();
  private final DocumentGrams emails = new DocumentGrams(values::get);

  private void add(String value, int doc) {
    values.put(doc, value);
    emails.add(value, doc);
  }

  private void remove(int doc) {
    emails.remove(values.remove(doc), doc);
  }

  private RoaringBitmap containing(String term) {
    return emails.containing(term, null, WorkBudget.unlimited());
  }

  @Test
  void shouldFindTermsOfOneToThreeCharsFromTheirOwnPosting() {
    add("john.doe@acme.com", 1);
    add("jane@zoë.io", 2);

    assertThat(containing("o")).isEqualTo(RoaringBitmap.bitmapOf(1, 2));
    assertThat(containing("jo")).isEqualTo(RoaringBitmap.bitmapOf(1));
    assertThat(containing("ë")).isEqualTo(RoaringBitmap.bitmapOf(2));
    assertThat(containing("@ac")).isEqualTo(RoaringBitmap.bitmapOf(1));
  }

  @Test
  void shouldNotFindADocThatHasEveryTrigramOfTheTermButNotTheTerm() {
    add("abcxbcd@x.io", 1);
    add("abcd@x.io", 2);

    assertThat(containing("abcd")).isEqualTo(RoaringBitmap.bitmapOf(2));
  }

  @Test
  void shouldFindOnlyWithinTheMatchesSoFar() {
    add("john@a.com", 1);
    add("john@b.com", 2);
    add("johnny@c.com", 3);

    assertThat(emails.containing("john", RoaringBitmap.bitmapOf(2, 3), WorkBudget.unlimited()))
        .isEqualTo(RoaringBitmap.bitmapOf(2, 3));
    assertThat(emails.containing("jo", RoaringBitmap.bitmapOf(1), WorkBudget.unlimited()))
        .isEqualTo(RoaringBitmap.bitmapOf(1));
  }

  @Test
  void shouldForgetADocWhenItsValueLeaves() {
    add("john@a.com", 1);
    add("john@b.com", 2);
    remove(1);

    assertThat(containing("john")).isEqualTo(RoaringBitmap.bitmapOf(2));
    assertThat(containing("a")).isEqualTo(new RoaringBitmap());
    assertThat(emails.estimate("@a.")).isZero();
  }

  @Test
  void shouldChargeTheCheckOfEveryCandidateBeforeMakingIt() {
    for (int doc = 0; doc < 1_000; doc++) {
      add("john" + doc + "@acme.com", doc);
    }

    assertThatThrownBy(() -> emails.containing("john", null, new WorkBudget(500)))
        .isInstanceOf(WorkBudget.Exhausted.class);
  }

  @Test
  void shouldNotCheckTheCandidatesAnotherFieldAlreadyFound() {
    for (int doc = 0; doc < 1_000; doc++) {
      add("john" + doc + "@acme.com", doc);
    }
    add("xjohnx@acme.com", 1_000);
    RoaringBitmap knownFromTheFirstNames = new RoaringBitmap();
    knownFromTheFirstNames.add(0L, 1_000L);

    assertThat(emails.containing("john", null, knownFromTheFirstNames, new WorkBudget(50)))
        .isEqualTo(RoaringBitmap.bitmapOf(1_000));
  }

  @Test
  void shouldFindExactlyTheDocsWhoseValueContainsTheTerm() {
    Gen<String> text = Gen.string("abjo.@ë", 0, 12);
    Seeded.check(
        200,
        random -> {
          values.clear();
          DocumentGrams grams = new DocumentGrams(values::get);
          for (int doc = 0; doc < 60; doc++) {
            String value = text.next(random);
            values.put(doc, value);
            grams.add(value, doc);
          }
          for (int i = 0; i < 10; i++) {
            int doc = random.nextInt(60);
            grams.remove(values.remove(doc), doc);
          }
          String term = Gen.string("abjo.@ë", 1, 5).next(random);
          RoaringBitmap expected = new RoaringBitmap();
          values.forEach((doc, value) -> {
            if (value.contains(term)) {
              expected.add(doc);
            }
          });
          assertThat(grams.containing(term, null, WorkBudget.unlimited())).as(term).isEqualTo(expected);
        });
  }
}
