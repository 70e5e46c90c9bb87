package ai.buena.leads.query;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Leads for tests: every field set to a plain value unless a test says otherwise. */
public final class TestLeads {

  public static final String WORKSPACE = "ws_test";
  public static final Instant CREATED = Instant.parse("2024-01-15T10:30:00Z");

  private TestLeads() {}

  public static LeadBuilder aLead(String id) {
    return new LeadBuilder(id);
  }

  /** Mutable builder of a {@link Lead}, for tests only. */
  public static final class LeadBuilder {
    private final String id;
    private String workspaceId = WORKSPACE;
    private String firstName = "John";
    private String lastName = "Doe";
    private String email = "john@techcorp.com";
    private String company = "Tech Corp";
    private String title = "Senior Software Engineer";
    private LeadStatus status = LeadStatus.NEW;
    private LeadSource source = LeadSource.LINKEDIN;
    private Instant createdAt = CREATED;
    private Instant updatedAt = CREATED;
    private Instant lastContactedAt;
    private String notes;

    private LeadBuilder(String id) {
      this.id = id;
    }

    public LeadBuilder workspaceId(String workspaceId) {
      this.workspaceId = workspaceId;
      return this;
    }

    public LeadBuilder firstName(String firstName) {
      this.firstName = firstName;
      return this;
    }

    public LeadBuilder lastName(String lastName) {
      this.lastName = lastName;
      return this;
    }

    public LeadBuilder email(String email) {
      this.email = email;
      return this;
    }

    public LeadBuilder company(String company) {
      this.company = company;
      return this;
    }

    public LeadBuilder title(String title) {
      this.title = title;
      return this;
    }

    public LeadBuilder status(LeadStatus status) {
      this.status = status;
      return this;
    }

    public LeadBuilder source(LeadSource source) {
      this.source = source;
      return this;
    }

    public LeadBuilder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public LeadBuilder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public LeadBuilder lastContactedAt(Instant lastContactedAt) {
      this.lastContactedAt = lastContactedAt;
      return this;
    }

    public LeadBuilder notes(String notes) {
      this.notes = notes;
      return this;
    }

    public Lead build() {
      return new Lead(
          id,
          workspaceId,
          firstName,
          lastName,
          email,
          "https://linkedin.com/in/" + id,
          company,
          title,
          null,
          null,
          status,
          source,
          notes,
          List.of(),
          Map.of(),
          createdAt,
          updatedAt,
          lastContactedAt);
    }
  }
}
