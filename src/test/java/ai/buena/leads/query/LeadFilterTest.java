package ai.buena.leads.query;

import static ai.buena.leads.query.TestLeads.aLead;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class LeadFilterTest {

  private static final Instant NOON = Instant.parse("2024-01-20T12:00:00Z");

  private static final Lead JOHN =
      aLead("lead_abc123")
          .firstName("John")
          .lastName("Doe")
          .email("john@techcorp.com")
          .company("Tech Corp")
          .title("Senior Software Engineer")
          .status(LeadStatus.CONTACTED)
          .source(LeadSource.LINKEDIN)
          .build();

  private static boolean matches(LeadQuery.Builder query, Lead lead) {
    return LeadFilter.matches(query.build(), lead);
  }

  private static LeadQuery.Builder query() {
    return LeadQuery.builder();
  }

  @Test
  void shouldMatchEveryLeadWithoutFilters() {
    assertThat(LeadFilter.matches(LeadQuery.defaults(), JOHN)).isTrue();
  }

  @Test
  void shouldMatchStatusExactly() {
    assertThat(matches(query().status(LeadStatus.CONTACTED), JOHN)).isTrue();
    assertThat(matches(query().status(LeadStatus.NEW), JOHN)).isFalse();
  }

  @Test
  void shouldMatchSourceExactly() {
    assertThat(matches(query().source(LeadSource.LINKEDIN), JOHN)).isTrue();
    assertThat(matches(query().source(LeadSource.WEBSITE), JOHN)).isFalse();
  }

  @Test
  void shouldMatchCompanyEqualCaseInsensitively() {
    assertThat(matches(query().company("tech corp"), JOHN)).isTrue();
    assertThat(matches(query().company("TECH CORP"), JOHN)).isTrue();
  }

  @Test
  void shouldNotMatchCompanyByPart() {
    assertThat(matches(query().company("Tech"), JOHN)).isFalse();
    assertThat(matches(query().company("Tech Corp Inc"), JOHN)).isFalse();
  }

  @Test
  void shouldNotMatchCompanyFilterWhenLeadHasNoCompany() {
    assertThat(matches(query().company("tech corp"), aLead("x").company(null).build())).isFalse();
  }

  @Test
  void shouldMatchTitleContainedCaseInsensitively() {
    assertThat(matches(query().title("software"), JOHN)).isTrue();
    assertThat(matches(query().title("SENIOR SOFTWARE"), JOHN)).isTrue();
    assertThat(matches(query().title("Senior Software Engineer"), JOHN)).isTrue();
    assertThat(matches(query().title("manager"), JOHN)).isFalse();
  }

  @Test
  void shouldNotMatchTitleFilterWhenLeadHasNoTitle() {
    assertThat(matches(query().title("cto"), aLead("x").title(null).build())).isFalse();
  }

  @Test
  void shouldLowerCaseWithTheRootLocaleWhateverTheDefaultLocale() {
    Locale original = Locale.getDefault();
    Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    try {
      Lead lead = aLead("x").company("TITAN").title("DIRECTOR").firstName("IRIS").build();

      assertThat(matches(query().company("TITAN"), lead)).isTrue();
      assertThat(matches(query().company("titan"), lead)).isTrue();
      assertThat(matches(query().title("director"), lead)).isTrue();
      assertThat(matches(query().searchTerms(List.of("iris")), lead)).isTrue();
    } finally {
      Locale.setDefault(original);
    }
  }

  @Test
  void shouldFindJohnSoftwareAsInTheContract() {
    assertThat(matches(query().searchTerms(List.of("john", "software")), JOHN)).isTrue();
  }

  @Test
  void shouldFindTermsInTheEmail() {
    assertThat(matches(query().searchTerms(List.of("techcorp")), JOHN)).isTrue();
  }

  @Test
  void shouldSearchFirstNameLastNameEmailCompanyAndTitle() {
    assertThat(matches(query().searchTerms(List.of("joh")), JOHN)).isTrue();
    assertThat(matches(query().searchTerms(List.of("doe")), JOHN)).isTrue();
    assertThat(matches(query().searchTerms(List.of("@tech")), JOHN)).isTrue();
    assertThat(matches(query().searchTerms(List.of("corp")), JOHN)).isTrue();
    assertThat(matches(query().searchTerms(List.of("engineer")), JOHN)).isTrue();
  }

  @Test
  void shouldNotSearchOtherFields() {
    Lead lead = aLead("lead_xyz").build();

    assertThat(matches(query().searchTerms(List.of("lead_xyz")), lead)).isFalse();
    assertThat(matches(query().searchTerms(List.of("linkedin")), lead)).isFalse();
  }

  @Test
  void shouldRequireEverySearchTerm() {
    assertThat(matches(query().searchTerms(List.of("john", "marketing")), JOHN)).isFalse();
  }

  @Test
  void shouldLetEachTermMatchItsOwnField() {
    assertThat(matches(query().searchTerms(List.of("doe", "corp", "senior")), JOHN)).isTrue();
  }

  @Test
  void shouldNotMatchATermAcrossTwoFields() {
    assertThat(matches(query().searchTerms(List.of("johndoe")), JOHN)).isFalse();
  }

  @Test
  void shouldSearchCaseInsensitively() {
    Lead shouting = aLead("x").firstName("JOHN").build();

    assertThat(matches(query().searchTerms(List.of("JoHn")), shouting)).isTrue();
  }

  @Test
  void shouldSkipMissingFieldsWhenSearching() {
    Lead sparse =
        aLead("x").firstName(null).lastName(null).email(null).company(null).title("CTO").build();

    assertThat(matches(query().searchTerms(List.of("cto")), sparse)).isTrue();
    assertThat(matches(query().searchTerms(List.of("john")), sparse)).isFalse();
  }

  @Test
  void shouldBoundCreatedAtStrictly() {
    Lead atNoon = aLead("x").createdAt(NOON).build();

    assertThat(matches(query().createdAfter(NOON), atNoon)).isFalse();
    assertThat(matches(query().createdBefore(NOON), atNoon)).isFalse();
    assertThat(matches(query().createdAfter(NOON.minusNanos(1)), atNoon)).isTrue();
    assertThat(matches(query().createdBefore(NOON.plusNanos(1)), atNoon)).isTrue();
  }

  @Test
  void shouldBoundLastContactedAtStrictly() {
    Lead atNoon = aLead("x").lastContactedAt(NOON).build();

    assertThat(matches(query().lastContactedAfter(NOON), atNoon)).isFalse();
    assertThat(matches(query().lastContactedBefore(NOON), atNoon)).isFalse();
    assertThat(matches(query().lastContactedAfter(NOON.minusSeconds(1)), atNoon)).isTrue();
    assertThat(matches(query().lastContactedBefore(NOON.plusSeconds(1)), atNoon)).isTrue();
  }

  @Test
  void shouldNeverMatchLastContactedFiltersWhenNeverContacted() {
    Lead neverContacted = aLead("x").lastContactedAt(null).build();

    assertThat(matches(query().lastContactedAfter(Instant.EPOCH), neverContacted)).isFalse();
    assertThat(matches(query().lastContactedBefore(Instant.MAX), neverContacted)).isFalse();
  }

  @Test
  void shouldMatchNothingWithContradictoryBounds() {
    Lead atNoon = aLead("x").createdAt(NOON).build();

    assertThat(matches(query().createdAfter(NOON.plusSeconds(1)).createdBefore(NOON), atNoon))
        .isFalse();
  }

  @Test
  void shouldMatchBetweenBothBounds() {
    Lead atNoon = aLead("x").createdAt(NOON).build();

    assertThat(
            matches(
                query().createdAfter(NOON.minusSeconds(1)).createdBefore(NOON.plusSeconds(1)),
                atNoon))
        .isTrue();
  }

  @Test
  void shouldCombineAllFiltersWithAnd() {
    LeadQuery.Builder everything =
        query()
            .status(LeadStatus.CONTACTED)
            .source(LeadSource.LINKEDIN)
            .company("tech corp")
            .title("engineer")
            .searchTerms(List.of("john"))
            .createdAfter(TestLeads.CREATED.minusSeconds(1));

    assertThat(matches(everything, JOHN)).isTrue();
    assertThat(matches(everything.source(LeadSource.API), JOHN)).isFalse();
  }
}
