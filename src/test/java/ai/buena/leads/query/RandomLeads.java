package ai.buena.leads.query;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.testing.Gen;
import java.time.Instant;

/** Random leads drawn from small value sets, so ties, nulls and case variants are frequent. */
public final class RandomLeads {

  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

  private RandomLeads() {}

  /**
   * Zero to three code points mixing case, accents, the top of the BMP ({@code U+FF21},
   * {@code U+FFFF}) and supplementary characters; the empty string comes up one time in ten.
   */
  public static Gen<String> trickyText() {
    return Gen.of(0x61, 0x41, 0x62, 0x42, 0xE9, 0xC9, 0xFF21, 0xFFFF, 0x10000, 0x1F600)
        .list(0, 3)
        .map(
            codePoints ->
                codePoints.stream()
                    .collect(
                        StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    .toString());
  }

  public static Gen<Lead> leads() {
    return leadsIn(Gen.constant(TestLeads.WORKSPACE));
  }

  /** Ids of one to four characters from "ab\uFF21", names and company null one time in five. */
  public static Gen<Lead> leadsIn(Gen<String> workspaces) {
    Gen<String> ids = Gen.string("ab\uFF21", 1, 4);
    Gen<String> text = trickyText().orNull(0.2);
    Gen<Instant> time = Gen.between(0, 3).map(BASE::plusSeconds);
    Gen<Instant> contacted = time.orNull(0.3);
    return random ->
        TestLeads.aLead(ids.next(random))
            .workspaceId(workspaces.next(random))
            .firstName(text.next(random))
            .lastName(text.next(random))
            .company(text.next(random))
            .createdAt(time.next(random))
            .updatedAt(time.next(random))
            .lastContactedAt(contacted.next(random))
            .build();
  }
}
