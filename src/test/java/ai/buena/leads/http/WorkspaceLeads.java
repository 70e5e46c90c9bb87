package ai.buena.leads.http;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Leads of two workspaces: the seed page's two example leads and three more in {@link #ALPHA}, two
 * in {@link #BETA}. Newest first in ALPHA: jkl012, def456, abc123, mno345, ghi789.
 */
final class WorkspaceLeads {
  static final String ALPHA = "ws_alpha";
  static final String BETA = "ws_beta";

  static final Lead JOHN =
      new Lead(
          "lead_abc123",
          ALPHA,
          "John",
          "Doe",
          "john@techcorp.com",
          "https://linkedin.com/in/johndoe",
          "Tech Corp",
          "Senior Software Engineer",
          "+1-555-123-4567",
          "San Francisco, CA",
          LeadStatus.CONTACTED,
          LeadSource.LINKEDIN,
          "Interested in AI solutions. Follow up next week.",
          List.of("ai", "enterprise", "high-priority"),
          ordered("industry", "Technology", "employeeCount", "100-500", "budget", "$50k+"),
          Instant.parse("2024-01-15T10:30:00Z"),
          Instant.parse("2024-01-18T14:22:00Z"),
          Instant.parse("2024-01-16T09:15:00Z"));

  static final Lead JANE =
      new Lead(
          "lead_def456",
          ALPHA,
          "Jane",
          "Smith",
          "jane@startup.io",
          "https://linkedin.com/in/janesmith",
          "Startup Inc",
          "CTO",
          null,
          "New York, NY",
          LeadStatus.NEW,
          LeadSource.WEBSITE,
          null,
          List.of("startup", "technical"),
          ordered("industry", "FinTech", "employeeCount", "10-50"),
          Instant.parse("2024-01-20T08:45:00Z"),
          Instant.parse("2024-01-20T08:45:00Z"),
          null);

  static final Lead BARE =
      new Lead(
          "lead_ghi789",
          ALPHA,
          "Max",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          LeadStatus.COLD,
          LeadSource.IMPORT,
          null,
          List.of(),
          Map.of(),
          Instant.parse("2024-01-10T00:00:00Z"),
          Instant.parse("2024-01-10T00:00:00Z"),
          null);

  static final Lead MARIA =
      new Lead(
          "lead_jkl012",
          ALPHA,
          "Maria",
          "Garcia",
          "maria@acme.example",
          null,
          "Acme GmbH",
          "Head of Sales",
          null,
          "Berlin",
          LeadStatus.REPLIED,
          LeadSource.REFERRAL,
          null,
          List.of("warm"),
          ordered("seats", 25L, "renewal", true),
          Instant.parse("2024-01-25T12:00:00Z"),
          Instant.parse("2024-01-26T09:00:00Z"),
          Instant.parse("2024-01-26T09:00:00Z"));

  static final Lead PAUL =
      new Lead(
          "lead_mno345",
          ALPHA,
          "Paul",
          "Tech",
          "paul@tech-corp.example",
          null,
          "TECH CORP",
          "Software Architect",
          null,
          null,
          LeadStatus.CONVERTED,
          LeadSource.API,
          null,
          List.of(),
          Map.of(),
          Instant.parse("2024-01-12T08:00:00Z"),
          Instant.parse("2024-01-13T08:00:00Z"),
          Instant.parse("2024-01-12T09:00:00Z"));

  static final Lead OTHER_JOHN =
      new Lead(
          "lead_beta01",
          BETA,
          "John",
          "Doe",
          "john@techcorp.com",
          null,
          "Tech Corp",
          "Senior Software Engineer",
          null,
          null,
          LeadStatus.CONTACTED,
          LeadSource.LINKEDIN,
          null,
          List.of(),
          Map.of(),
          Instant.parse("2024-01-30T00:00:00Z"),
          Instant.parse("2024-01-30T00:00:00Z"),
          null);

  static final Lead OTHER_LEAD =
      new Lead(
          "lead_beta02",
          BETA,
          "Zed",
          "Zero",
          null,
          null,
          null,
          null,
          null,
          null,
          LeadStatus.NEW,
          LeadSource.API,
          null,
          List.of(),
          Map.of(),
          Instant.parse("2024-01-31T00:00:00Z"),
          Instant.parse("2024-01-31T00:00:00Z"),
          null);

  static final List<Lead> ALL = List.of(JOHN, JANE, BARE, MARIA, PAUL, OTHER_JOHN, OTHER_LEAD);

  private WorkspaceLeads() {}

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
