package ai.buena.leads.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeadIdsTest {
  private static final String FORM = "[0-9a-hjkmnp-tv-z]{26}";

  @Test
  void shouldSortNewIdsByTheirMillisecond() {
    Instant t = Instant.parse("2026-12-01T03:00:00Z");
    String earlier = LeadIds.newLeadId(t);
    String later = LeadIds.newLeadId(t.plusMillis(1));

    assertThat(earlier).matches("lead_" + FORM);
    assertThat(earlier).isLessThan(later);
    assertThat(LeadIds.newEventId(t)).matches("evt_" + FORM);
  }

  @Test
  void shouldDeriveTheSameIdsFromTheSameScopeOnly() {
    IdempotencyScope scope = new IdempotencyScope("ws_a", "k1", "POST", "/api/v2/leads");

    assertThat(LeadIds.derivedLeadId(scope))
        .matches("lead_" + FORM)
        .isEqualTo(LeadIds.derivedLeadId(new IdempotencyScope("ws_a", "k1", "POST", "/api/v2/leads")))
        .isNotEqualTo(LeadIds.derivedLeadId(new IdempotencyScope("ws_b", "k1", "POST", "/api/v2/leads")));
    assertThat(LeadIds.derivedEventId(scope))
        .matches("evt_" + FORM)
        .isNotEqualTo(LeadIds.derivedEventId(new IdempotencyScope("ws_a", "k1", "PUT", "/api/v2/leads")))
        .isNotEqualTo(LeadIds.derivedEventId(new IdempotencyScope("ws_a", "k2", "POST", "/api/v2/leads")));
  }
}
