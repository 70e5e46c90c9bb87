package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

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

  private static RoaringBitmap containing(TextDictionary dictionary, String term) {
    return dictionary.valuesContaining(term).docs(null);
  }
}
