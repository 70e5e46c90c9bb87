package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CriteriaTest {

  private static Criteria search(String company, String titlePart, String... terms) {
    return new Criteria(null, null, company, titlePart, List.of(terms), null, null, null, null);
  }

  @Test
  void shouldSearchEachRepeatedTermOnce() {
    assertThat(search(null, null, "an", "er", "an", "er", "an").searchTerms()).containsExactly("an", "er");
  }

  @Test
  void shouldDropATermThatOccursInALongerTermOfTheSameQuery() {
    assertThat(search(null, null, "jo", "john", "oh", "software").searchTerms())
        .containsExactly("john", "software");
  }

  @Test
  void shouldKeepTermsThatOnlyOverlap() {
    assertThat(search(null, null, "john", "hnso").searchTerms()).containsExactly("john", "hnso");
  }

  @Test
  void shouldDropATermThatOccursInTheCompanyOrTitleFilter() {
    assertThat(search("tech corp", "engineer", "corp", "gin", "john").searchTerms()).containsExactly("john");
  }
}
