package ai.buena.leads.query;

import ai.buena.leads.lead.Lead;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random leads drawn from small value sets, so ties, nulls and case variants are frequent. */
public final class LeadArbitraries {

  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

  private LeadArbitraries() {}

  /** Strings mixing case, the top of the BMP and supplementary characters. */
  public static Arbitrary<String> trickyText() {
    return Arbitraries.of(0x61, 0x41, 0x62, 0x42, 0xE9, 0xC9, 0xFF21, 0xFFFF, 0x10000, 0x1F600)
        .list()
        .ofMaxSize(3)
        .map(
            codePoints ->
                codePoints.stream()
                    .collect(
                        StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    .toString());
  }

  public static Arbitrary<Lead> leads() {
    return leadsIn(Arbitraries.just(TestLeads.WORKSPACE));
  }

  public static Arbitrary<Lead> leadsIn(Arbitrary<String> workspaces) {
    Arbitrary<String> ids =
        Arbitraries.strings().withChars("ab\uFF21").ofMinLength(1).ofMaxLength(4);
    Arbitrary<String> text = trickyText().injectNull(0.2);
    Arbitrary<Instant> time = Arbitraries.integers().between(0, 3).map(BASE::plusSeconds);
    return Combinators.combine(ids, workspaces, text, text, text, time, time, time.injectNull(0.3))
        .as(
            (id, workspace, firstName, lastName, company, createdAt, updatedAt, contactedAt) ->
                TestLeads.aLead(id)
                    .workspaceId(workspace)
                    .firstName(firstName)
                    .lastName(lastName)
                    .company(company)
                    .createdAt(createdAt)
                    .updatedAt(updatedAt)
                    .lastContactedAt(contactedAt)
                    .build());
  }
}
