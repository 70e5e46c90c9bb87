package ai.buena.leads.runtime.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.testing.ReferenceProjection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The skewed data set has the shares of issue 13: frequent names and words, names in e-mails. */
class SkewedDistributionTest {
  private static final Instant END = Instant.parse("2026-01-01T00:00:00Z");
  private static final int LEADS = 10_000;
  private static Collection<Lead> skewed;
  private static Collection<Lead> uniform;

  @BeforeAll
  static void generate() {
    skewed = leads(Distribution.SKEWED);
    uniform = leads(Distribution.UNIFORM);
  }

  private static Collection<Lead> leads(Distribution distribution) {
    ReferenceProjection reference = new ReferenceProjection();
    new HistoryGenerator(42, "ws_skew", END, distribution).generate(LEADS, reference::apply);
    return reference.leadsOf("ws_skew").values();
  }

  @Test
  void shouldGiveAFrequentFirstNameToAboutOneLeadInEight() {
    assertThat(share(skewed, lead -> "John".equals(lead.firstName()))).isCloseTo(0.12, within(0.02));
    assertThat(share(uniform, lead -> "John".equals(lead.firstName()))).isLessThan(0.01);
  }

  @Test
  void shouldFindAFrequentNameInAboutFifteenPercentOfTheLeads() {
    assertThat(share(skewed, searchedFor("john"))).isBetween(0.13, 0.20);
    assertThat(share(skewed, searchedFor("jo"))).isBetween(0.20, 0.35);
  }

  @Test
  void shouldDeriveSomeLastNamesFromFirstNames() {
    assertThat(share(skewed, lead -> "Johnson".equals(lead.lastName()))).isGreaterThan(0.02);
    assertThat(share(skewed, lead -> lead.lastName() != null && lead.lastName().startsWith("Peter")))
        .isGreaterThan(0.0);
  }

  @Test
  void shouldShareTitleAndCompanyWordsAmongATenthToAQuarterOfTheLeads() {
    assertThat(share(skewed, lead -> contains(lead.title(), "engineer"))).isBetween(0.20, 0.30);
    assertThat(share(skewed, searchedFor("software"))).isBetween(0.10, 0.20);
    assertThat(share(skewed, lead -> "Google".equals(lead.company()))).isBetween(0.05, 0.10);
    assertThat(share(uniform, lead -> "Google".equals(lead.company()))).isLessThan(0.03);
  }

  @Test
  void shouldBuildEmailLocalPartsFromTheNames() {
    assertThat(
            share(
                skewed,
                lead ->
                    contains(lead.email(), LeadAttributes.slug(lead.firstName()))
                        || contains(lead.email(), LeadAttributes.slug(lead.lastName()))))
        .isGreaterThan(0.95);
  }

  @Test
  void shouldGiveTheSameBytesForTheSameSeed() {
    assertThat(lines(Distribution.SKEWED)).isEqualTo(lines(Distribution.SKEWED));
    assertThat(lines(Distribution.SKEWED)).isNotEqualTo(lines(Distribution.UNIFORM));
  }

  private static List<String> lines(Distribution distribution) {
    List<String> lines = new ArrayList<>();
    new HistoryGenerator(7, "ws_skew", END, distribution).generate(500, lines::add);
    return lines;
  }

  private static Predicate<Lead> searchedFor(String term) {
    return lead ->
        Stream.of(lead.firstName(), lead.lastName(), lead.email(), lead.company(), lead.title())
            .anyMatch(value -> contains(value, term));
  }

  private static boolean contains(String value, String part) {
    return value != null && value.toLowerCase(Locale.ROOT).contains(part);
  }

  private static double share(Collection<Lead> leads, Predicate<Lead> wanted) {
    double share = leads.stream().filter(wanted).count() / (double) leads.size();
    return share;
  }
}
