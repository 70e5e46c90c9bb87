package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class TextDictionaryTest {

  @Test
  void shouldFindEveryDocWhoseValueContainsTheTerm() {
    TextDictionary titles = new TextDictionary();
    titles.add("senior software engineer", 1);
    titles.add("software engineer", 2);
    titles.add("cto", 3);
    titles.add("senior software engineer", 4);

    assertThat(containing(titles, "engineer")).isEqualTo(RoaringBitmap.bitmapOf(1, 2, 4));
  }

  @Test
  void shouldNotFindAValueThatHasEveryTrigramOfTheTermButNotTheTerm() {
    TextDictionary names = new TextDictionary();
    names.add("abcxbcd", 1);

    assertThat(containing(names, "abcd")).isEqualTo(new RoaringBitmap());
  }

  @Test
  void shouldFindTermsShorterThanATrigramByTestingEveryValue() {
    TextDictionary names = new TextDictionary();
    names.add("zoë", 1);
    names.add("john", 2);

    assertThat(containing(names, "ë")).isEqualTo(RoaringBitmap.bitmapOf(1));
    assertThat(containing(names, "oh")).isEqualTo(RoaringBitmap.bitmapOf(2));
  }

  @Test
  void shouldForgetAValueWhenItsLastDocLeaves() {
    TextDictionary companies = new TextDictionary();
    companies.add("tech corp", 1);
    companies.add("tech corp", 2);
    companies.remove("tech corp", 1);
    companies.remove("tech corp", 2);
    companies.add("biotech", 3);

    assertThat(containing(companies, "tech")).isEqualTo(RoaringBitmap.bitmapOf(3));
    assertThat(companies.equalTo("tech corp")).isEqualTo(new RoaringBitmap());
  }

  @Test
  void shouldKeepEveryDocOfAValueAsItGrowsFromOneDocAndShrinksAgain() {
    TextDictionary emails = new TextDictionary();
    emails.add("john@techcorp.com", 7);
    assertThat(emails.equalTo("john@techcorp.com")).isEqualTo(RoaringBitmap.bitmapOf(7));
    emails.add("john@techcorp.com", 3);
    assertThat(containing(emails, "john")).isEqualTo(RoaringBitmap.bitmapOf(3, 7));
    emails.remove("john@techcorp.com", 7);
    assertThat(containing(emails, "john")).isEqualTo(RoaringBitmap.bitmapOf(3));
    emails.remove("john@techcorp.com", 3);
    assertThat(containing(emails, "john")).isEqualTo(new RoaringBitmap());
  }

  @Test
  void shouldGiveOnlyTheDocsWithinTheGivenSetWhenOneIsGiven() {
    TextDictionary titles = new TextDictionary();
    for (int doc = 0; doc < 50; doc++) {
      titles.add("software engineer", doc);
    }
    titles.add("senior engineer", 100);
    titles.add("senior engineer", 101);
    titles.add("cto", 200);

    TextDictionary.Matches engineers = titles.valuesContaining("engineer");

    assertThat(engineers.leads()).isEqualTo(52);
    assertThat(engineers.docs(RoaringBitmap.bitmapOf(3, 49, 101, 200, 300)))
        .isEqualTo(RoaringBitmap.bitmapOf(3, 49, 101));
  }

  @Test
  void shouldGiveEqualValuesOneSharedString() {
    TextDictionary companies = new TextDictionary();
    String stored = new String("google");
    companies.add(stored, 1);

    assertThat(companies.canonical(new String("google"))).isSameAs(stored);
  }

  @Test
  void shouldGatherManyValuesWithOneDocEachIntoOneAnswer() {
    TextDictionary emails = new TextDictionary();
    for (int doc = 0; doc < 5000; doc++) {
      emails.add("john" + doc + "@techcorp.com", doc);
    }
    emails.add("jane@startup.io", 5000);

    RoaringBitmap expected = new RoaringBitmap();
    expected.add(0L, 5000L);
    assertThat(containing(emails, "john")).isEqualTo(expected);
  }

  @Test
  void shouldReturnABitmapTheCallerMayChange() {
    TextDictionary companies = new TextDictionary();
    for (int doc = 0; doc < 100; doc++) {
      companies.add("google", doc);
    }
    companies.equalTo("google").add(1000);
    containing(companies, "goo").add(1001);

    RoaringBitmap expected = new RoaringBitmap();
    expected.add(0L, 100L);
    assertThat(companies.equalTo("google")).isEqualTo(expected);
    assertThat(containing(companies, "goo")).isEqualTo(expected);
  }

  @Test
  void shouldFindATermInMostOfManyDistinctValuesWithoutTestingEachValue() {
    TextDictionary titles = new TextDictionary();
    for (int doc = 0; doc < 20_000; doc++) {
      titles.add(String.format("account executive %05d", doc), doc);
    }
    titles.add("cto", 20_000);
    WorkBudget budget = new WorkBudget(20_000);

    RoaringBitmap found = titles.containing("executive", null, budget);

    RoaringBitmap expected = new RoaringBitmap();
    expected.add(0L, 20_000L);
    assertThat(found).isEqualTo(expected);
  }

  /**
   * Seeded: docs given random values over a small alphabet (terms found in few or most of them),
   * changed and removed at random, then terms of one to five chars looked for, within a random set
   * or not, and compared with {@link String#contains} on every doc; both ways of finding the
   * values (testing the trigrams' candidates, scanning every value) are taken, and each way of
   * gathering their docs gives the same.
   */
  @Test
  void shouldFindExactlyTheDocsWhoseValueContainsTheTermThroughChanges() {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    TextDictionary dictionary = new TextDictionary();
    Map<Integer, String> valueOf = new HashMap<>();
    int scanned = 0;
    int tested = 0;
    for (int step = 0; step < 30_000; step++) {
      int doc = random.nextInt(3_000);
      String before = valueOf.remove(doc);
      if (before != null) {
        dictionary.remove(before, doc);
      }
      if (random.nextInt(100) < 80) {
        String value = word(random, 3 + random.nextInt(8), random.nextBoolean() ? "abc" : "abcdefghijklmnopq");
        dictionary.add(value, doc);
        valueOf.put(doc, value);
      }
      if (step % 211 == 0) {
        String term = word(random, 1 + random.nextInt(5), random.nextBoolean() ? "abc" : "abcdefghijklmnopq");
        RoaringBitmap within = null;
        if (random.nextBoolean()) {
          within = new RoaringBitmap();
          for (int i = 0; i < 1_000; i++) {
            within.add(random.nextInt(3_000));
          }
        }
        RoaringBitmap expected = new RoaringBitmap();
        for (Map.Entry<Integer, String> entry : valueOf.entrySet()) {
          if (entry.getValue().contains(term) && (within == null || within.contains(entry.getKey()))) {
            expected.add(entry.getKey());
          }
        }
        if (dictionary.estimate(term) < dictionary.candidatesAtMost(term)) {
          scanned++;
        } else {
          tested++;
        }
        String context = String.format("seed %d, step %d, term '%s'", seed, step, term);
        assertThat(dictionary.containing(term, within, WorkBudget.unlimited())).as(context).isEqualTo(expected);
        TextDictionary.Matches matches = dictionary.valuesContaining(term);
        assertThat(matches.docsDirectly(within)).as(context).isEqualTo(expected);
        assertThat(matches.docsByValueOfDoc(within)).as(context).isEqualTo(expected);
        assertThat(matches.docsOfAllBut(within)).as(context).isEqualTo(expected);
      }
    }
    assertThat(scanned).as("seed %d: searches by scan", seed).isPositive();
    assertThat(tested).as("seed %d: searches by candidates", seed).isPositive();
  }

  private static String word(Random random, int length, String alphabet) {
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < length; i++) {
      word.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return word.toString();
  }

  private static RoaringBitmap containing(TextDictionary dictionary, String term) {
    return dictionary.valuesContaining(term).docs(null);
  }
}
