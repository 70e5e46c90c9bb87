package ai.buena.leads.testing;

import static ai.buena.leads.testing.EventJson.contacted;
import static ai.buena.leads.testing.EventJson.created;
import static ai.buena.leads.testing.EventJson.deleted;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceProjectionTest {
  private static final String WS = "ws_ref";

  private final List<Lead> records = new ArrayList<>();
  private final ReferenceProjection reference =
      new ReferenceProjection().onApplied((leadId, lead) -> records.add(lead));

  @Test
  void shouldReportNoRecordForAnEventThatLeavesTheLeadAsItWas() {
    reference.apply(
        List.of(
            created("e1", "lead_1", WS, "2024-01-15T10:30:00Z", Map.of("firstName", "Ada")),
            contacted("e2", "lead_1", WS, "2024-01-17T09:15:00Z"),
            // another contact at the time already recorded: lead-projections gets no record
            contacted("e3", "lead_1", WS, "2024-01-17T09:15:00Z")));

    assertThat(records).hasSize(2);
    assertThat(records.get(1).lastContactedAt()).isEqualTo(Instant.parse("2024-01-17T09:15:00Z"));
    assertThat(reference.leadsOf(WS).get("lead_1")).isEqualTo(records.get(1));
  }

  @Test
  void shouldReportATombstoneForADeletedLead() {
    reference.apply(
        List.of(
            created("e1", "lead_1", WS, "2024-01-15T10:30:00Z", Map.of("firstName", "Ada")),
            deleted("e2", "lead_1", WS, "2024-01-16T10:30:00Z")));

    assertThat(records).hasSize(2);
    assertThat(records.get(1)).isNull();
    assertThat(reference.leadsOf(WS)).isEmpty();
  }
}
