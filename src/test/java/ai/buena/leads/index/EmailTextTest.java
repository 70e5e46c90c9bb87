package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Seeded;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class EmailTextTest {
  private final Map<Integer, String> values = new HashMap<>();
  private final EmailText emails = new EmailText(values::get);

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

  /** The docs whose address contains {@code term}, as list-leads.md defines it. */
  private RoaringBitmap expected(String term) {
    RoaringBitmap docs = new RoaringBitmap();
    values.forEach(
        (doc, value) -> {
          if (value.contains(term)) {
            docs.add(doc);
          }
        });
    return docs;
  }

  @Test
  void shouldFindATermOnEitherSideOfTheAtSign() {
    add("maria.lopez@example.com", 1);
    add("john@example.com", 2);
    add("lopez@mail.de", 3);

    assertThat(containing("example")).isEqualTo(RoaringBitmap.bitmapOf(1, 2));
    assertThat(containing("lopez")).isEqualTo(RoaringBitmap.bitmapOf(1, 3));
    assertThat(containing(".de")).isEqualTo(RoaringBitmap.bitmapOf(3));
  }

  @Test
  void shouldFindATermThatSpansTheAtSignOnlyWhereLocalPartEndsAndDomainStartsWithIt() {
    add("maria.lopez@example.com", 1);
    add("john@example.com", 2);
    add("lopez@mail.de", 3);
    add("ez@exam.ple", 4);

    assertThat(containing("ez@exa")).isEqualTo(RoaringBitmap.bitmapOf(1, 4));
    assertThat(containing("z@e")).isEqualTo(RoaringBitmap.bitmapOf(1, 4));
    assertThat(containing("n@")).isEqualTo(RoaringBitmap.bitmapOf(2));
    assertThat(containing("@m")).isEqualTo(RoaringBitmap.bitmapOf(3));
    assertThat(containing("@example.com")).isEqualTo(RoaringBitmap.bitmapOf(1, 2));
    assertThat(containing("@")).isEqualTo(RoaringBitmap.bitmapOf(1, 2, 3, 4));
    assertThat(containing("pez@exam")).isEqualTo(RoaringBitmap.bitmapOf(1));
  }

  @Test
  void shouldFindTheWholeAddressAndNothingLonger() {
    add("john@example.com", 1);
    add("john@example.co", 2);

    assertThat(containing("john@example.com")).isEqualTo(RoaringBitmap.bitmapOf(1));
    assertThat(containing("john@example.co")).isEqualTo(RoaringBitmap.bitmapOf(1, 2));
    assertThat(containing("xjohn@example.com")).isEmpty();
    assertThat(containing("john@example.comx")).isEmpty();
  }

  @Test
  void shouldCheckAnAddressWithoutOneAtSignDirectly() {
    add("a@b@c.de", 1);
    add("no-at-sign", 2);
    add("b@c.de", 3);

    assertThat(containing("a@b")).isEqualTo(RoaringBitmap.bitmapOf(1));
    assertThat(containing("b@c")).isEqualTo(RoaringBitmap.bitmapOf(1, 3));
    assertThat(containing("a@b@c")).isEqualTo(RoaringBitmap.bitmapOf(1));
    assertThat(containing("at-sign")).isEqualTo(RoaringBitmap.bitmapOf(2));
    assertThat(containing("@")).isEqualTo(RoaringBitmap.bitmapOf(1, 3));
  }

  @Test
  void shouldNotCheckOneAddressPerLeadForTheDomainEveryoneShares() {
    for (int doc = 0; doc < 10_000; doc++) {
      add("lead" + doc + "@import-example.com", doc);
    }
    WorkBudget budget = new WorkBudget(1_000);

    assertThat(emails.containing("import-example.com", null, budget).getCardinality()).isEqualTo(10_000);
    assertThat(emails.containing("@import-example", null, budget).getCardinality()).isEqualTo(10_000);
  }

  @Test
  void shouldFindExactlyTheDocsWhoseAddressContainsTheTermThroughChanges() {
    Seeded.check(
        60,
        random -> {
          EmailTextTest test = new EmailTextTest();
          List<String> terms = new ArrayList<>();
          for (int doc = 0; doc < 300; doc++) {
            String address = address(random);
            test.add(address, doc);
            terms.add(piece(random, address));
          }
          for (int round = 0; round < 200; round++) {
            int doc = random.nextInt(300);
            if (test.values.containsKey(doc)) {
              test.remove(doc);
            }
            if (random.nextBoolean()) {
              test.add(address(random), doc);
            }
            String term = random.nextInt(3) == 0 ? piece(random, address(random)) : terms.get(random.nextInt(terms.size()));
            if (term.isEmpty()) {
              continue;
            }
            RoaringBitmap within = random.nextBoolean() ? null : randomDocs(random);
            RoaringBitmap expected = test.expected(term);
            if (within != null) {
              expected.and(within);
            }
            assertThat(test.emails.containing(term, within, WorkBudget.unlimited()))
                .as("'%s' in %s", term, test.values)
                .isEqualTo(expected);
          }
        });
  }

  /** Mostly one '@', short local parts and few domains, sometimes none or two '@'s. */
  private static String address(Random random) {
    String local = word(random, 1 + random.nextInt(5));
    String domain = new String[] {"ab.c", "a.bc", "b.ca", "c@a.b", ""}[random.nextInt(random.nextInt(8) == 0 ? 5 : 3)];
    return random.nextInt(20) == 0 ? local : local + "@" + domain;
  }

  private static String word(Random random, int length) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append("abc.@".charAt(random.nextInt(random.nextInt(6) == 0 ? 5 : 4)));
    }
    return text.toString();
  }

  private static String piece(Random random, String value) {
    int from = random.nextInt(value.length());
    return value.substring(from, from + 1 + random.nextInt(value.length() - from));
  }

  private static RoaringBitmap randomDocs(Random random) {
    RoaringBitmap docs = new RoaringBitmap();
    for (int doc = 0; doc < 300; doc++) {
      if (random.nextBoolean()) {
        docs.add(doc);
      }
    }
    return docs;
  }
}
