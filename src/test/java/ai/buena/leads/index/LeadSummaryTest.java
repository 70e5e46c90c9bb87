package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeadSummaryTest {
  private static final Instant CREATED = Instant.parse("2024-01-01T10:00:00Z");
  private static final Instant LATER = Instant.parse("2024-02-01T10:00:00Z");

  private static LeadSummary summary(Instant createdAt, Instant updatedAt, Instant contactedAt) {
    return new LeadSummary(
        "lead-1", null, null, "ann", "lee", null, "acme", null, createdAt, updatedAt, contactedAt);
  }

  @Test
  void shouldKeepOneInstantForAnUpdatedAtEqualToCreatedAt() {
    LeadSummary lead = summary(CREATED, Instant.parse("2024-01-01T10:00:00Z"), null);

    assertThat(lead.updatedAt()).isSameAs(lead.createdAt());
  }

  @Test
  void shouldKeepOneInstantForALastContactedAtEqualToUpdatedAt() {
    LeadSummary lead = summary(CREATED, LATER, Instant.parse("2024-02-01T10:00:00Z"));

    assertThat(lead.lastContactedAt()).isSameAs(lead.updatedAt());
  }

  @Test
  void shouldKeepDistinctInstantsAsGiven() {
    LeadSummary lead = summary(CREATED, LATER, null);

    assertThat(lead.createdAt()).isEqualTo(CREATED);
    assertThat(lead.updatedAt()).isEqualTo(LATER);
    assertThat(lead.lastContactedAt()).isNull();
  }

  @Test
  void shouldSortTextWithSupplementaryCharactersByCodePoint() {
    LeadSummary plain = summary(CREATED, CREATED, null);
    LeadSummary privateUse =
        new LeadSummary(
            "lead-2", null, null, "\uE000", null, null, null, null, CREATED, CREATED, null);
    LeadSummary astral =
        new LeadSummary(
            "lead-3", null, null, "\uD83D\uDE00", null, null, null, null, CREATED, CREATED, null);

    assertThat(IndexedField.FIRST_NAME.ascending().compare(privateUse, astral)).isNegative();
    assertThat(IndexedField.FIRST_NAME.ascending().compare(plain, privateUse)).isNegative();
  }
}
