package ai.buena.leads.lead;

import static ai.buena.leads.events.EventError.INVALID_FIELD;
import static ai.buena.leads.events.EventError.LEAD_EXISTS;
import static ai.buena.leads.events.EventError.LEAD_NOT_FOUND;
import static ai.buena.leads.events.EventError.WORKSPACE_MISMATCH;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadEvent;
import ai.buena.leads.events.LeadField;
import ai.buena.leads.events.LeadPatch;
import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeadTransitionsTest {
  private static final String LEAD = "lead_abc123";
  private static final String WORKSPACE = "ws_acme";
  private static final Instant CREATED = Instant.parse("2024-01-15T10:30:00Z");
  private static final Instant EARLIER = Instant.parse("2024-01-10T08:00:00Z");
  private static final Instant LATER = Instant.parse("2024-01-18T14:22:00Z");
  private static final Instant LATEST = Instant.parse("2024-01-20T09:00:00Z");

  // --- LeadCreated ---

  @Test
  void shouldCreateLeadWithIdAndWorkspaceOfEvent() {
    Lead lead = Lead.create(created(Map.of()));

    assertThat(lead.id()).isEqualTo(LEAD);
    assertThat(lead.workspaceId()).isEqualTo(WORKSPACE);
  }

  @Test
  void shouldSetCreatedAtAndUpdatedAtToOccurredAtOnCreate() {
    Lead lead = Lead.create(created(Map.of()));

    assertThat(lead.createdAt()).isEqualTo(CREATED);
    assertThat(lead.updatedAt()).isEqualTo(CREATED);
  }

  @Test
  void shouldLeaveLastContactedAtNullOnCreate() {
    assertThat(Lead.create(created(Map.of())).lastContactedAt()).isNull();
  }

  @Test
  void shouldDefaultStatusToNewOnCreate() {
    assertThat(Lead.create(created(Map.of())).status()).isEqualTo(LeadStatus.NEW);
  }

  @Test
  void shouldDefaultSourceToApiOnCreate() {
    assertThat(Lead.create(created(Map.of())).source()).isEqualTo(LeadSource.API);
  }

  @Test
  void shouldKeepStatusAndSourceGivenOnCreate() {
    Lead lead = Lead.create(created(Map.of(
        LeadField.STATUS, LeadStatus.REPLIED, LeadField.SOURCE, LeadSource.REFERRAL)));

    assertThat(lead.status()).isEqualTo(LeadStatus.REPLIED);
    assertThat(lead.source()).isEqualTo(LeadSource.REFERRAL);
  }

  @Test
  void shouldDefaultTagsAndCustomFieldsToEmptyOnCreate() {
    Lead lead = Lead.create(created(Map.of()));

    assertThat(lead.tags()).isEmpty();
    assertThat(lead.customFields()).isEmpty();
  }

  @Test
  void shouldCopyEveryFieldOfCreateData() {
    Lead lead = Lead.create(created(johnDoe()));

    assertThat(lead).isEqualTo(new Lead(
        LEAD, WORKSPACE, "John", "Doe", "john@techcorp.com", "https://linkedin.com/in/johndoe",
        "Tech Corp", "Senior Software Engineer", "+1-555-123-4567", "San Francisco, CA",
        LeadStatus.CONTACTED, LeadSource.LINKEDIN, "Interested in AI solutions.",
        List.of("ai", "enterprise"), Map.of("industry", "Technology", "seats", 120L),
        CREATED, CREATED, null));
  }

  @Test
  void shouldUpsertNewLeadWithoutPreviousOnCreate() {
    Decision decision = LeadTransitions.decide(null, created(johnDoe()));

    assertThat(decision).isEqualTo(new Decision.Upsert(null, Lead.create(created(johnDoe()))));
  }

  @Test
  void shouldRejectCreateOfExistingLead() {
    assertThat(rejected(existing(), created(Map.of()))).isEqualTo(LEAD_EXISTS);
  }

  // --- LeadUpdated ---

  @Test
  void shouldChangeOnlyFieldsPresentInUpdate() {
    Lead lead = existing().apply(updated(LATER, Map.of(LeadField.TITLE, "CTO")));

    assertThat(lead).usingRecursiveComparison()
        .ignoringFields("title", "updatedAt")
        .isEqualTo(existing());
    assertThat(lead.title()).isEqualTo("CTO");
  }

  @Test
  void shouldClearFieldThatUpdateSetsToNull() {
    Map<LeadField, Object> patch = new EnumMap<>(LeadField.class);
    patch.put(LeadField.PHONE, null);

    assertThat(existing().apply(updated(LATER, patch)).phone()).isNull();
  }

  @Test
  void shouldChangeStatusAndSourceOnUpdate() {
    Lead lead = existing().apply(updated(LATER, Map.of(
        LeadField.STATUS, LeadStatus.CONVERTED, LeadField.SOURCE, LeadSource.IMPORT)));

    assertThat(lead.status()).isEqualTo(LeadStatus.CONVERTED);
    assertThat(lead.source()).isEqualTo(LeadSource.IMPORT);
  }

  @Test
  void shouldReplaceWholeTagListOnUpdate() {
    Lead lead = existing().apply(updated(LATER, Map.of(LeadField.TAGS, List.of("cold-outreach"))));

    assertThat(lead.tags()).containsExactly("cold-outreach");
  }

  @Test
  void shouldClearTagsToEmptyListWhenUpdateSetsThemToNull() {
    Map<LeadField, Object> patch = new EnumMap<>(LeadField.class);
    patch.put(LeadField.TAGS, null);

    assertThat(existing().apply(updated(LATER, patch)).tags()).isNotNull().isEmpty();
  }

  @Test
  void shouldMergeCustomFieldsKeyByKey() {
    Lead lead = existing().apply(updated(LATER, Map.of(
        LeadField.CUSTOM_FIELDS, custom("seats", 150L, "paying", true))));

    assertThat(lead.customFields()).containsExactly(
        Map.entry("industry", "Technology"), Map.entry("seats", 150L), Map.entry("paying", true));
  }

  @Test
  void shouldRemoveCustomFieldWhoseUpdateValueIsNull() {
    Lead lead = existing().apply(updated(LATER, Map.of(
        LeadField.CUSTOM_FIELDS, custom("industry", null))));

    assertThat(lead.customFields()).containsExactly(Map.entry("seats", 120L));
  }

  @Test
  void shouldClearCustomFieldsToEmptyObjectWhenUpdateSetsThemToNull() {
    Map<LeadField, Object> patch = new EnumMap<>(LeadField.class);
    patch.put(LeadField.CUSTOM_FIELDS, null);

    assertThat(existing().apply(updated(LATER, patch)).customFields()).isNotNull().isEmpty();
  }

  @Test
  void shouldMoveUpdatedAtToLaterOccurredAt() {
    assertThat(existing().apply(updated(LATER, Map.of())).updatedAt()).isEqualTo(LATER);
  }

  @Test
  void shouldKeepUpdatedAtWhenUpdateOccurredEarlier() {
    Lead lead = existing().apply(updated(LATER, Map.of())).apply(updated(EARLIER, Map.of()));

    assertThat(lead.updatedAt()).isEqualTo(LATER);
  }

  @Test
  void shouldStillApplyPatchThatOccurredEarlier() {
    Lead lead = existing().apply(updated(EARLIER, Map.of(LeadField.COMPANY, "Acme")));

    assertThat(lead.company()).isEqualTo("Acme");
  }

  @Test
  void shouldNotChangeCreatedAtOrLastContactedAtOnUpdate() {
    Lead contacted = existing().apply(contactedAt(LATER));

    Lead lead = contacted.apply(updated(LATEST, Map.of(LeadField.COMPANY, "Acme")));

    assertThat(lead.createdAt()).isEqualTo(CREATED);
    assertThat(lead.lastContactedAt()).isEqualTo(LATER);
  }

  @Test
  void shouldUpsertWithPreviousLeadOnUpdate() {
    LeadEvent.Updated update = updated(LATER, Map.of(LeadField.COMPANY, "Acme"));

    assertThat(LeadTransitions.decide(existing(), update))
        .isEqualTo(new Decision.Upsert(existing(), existing().apply(update)));
  }

  @Test
  void shouldRejectUpdateThatLeavesMoreThan50CustomFields() {
    Lead lead = withCustomFields(49);

    assertThat(rejected(lead, updated(LATER, Map.of(
        LeadField.CUSTOM_FIELDS, custom("extra1", "a", "extra2", "b"))))).isEqualTo(INVALID_FIELD);
  }

  @Test
  void shouldAcceptUpdateThatLeavesExactly50CustomFields() {
    Decision decision = LeadTransitions.decide(withCustomFields(49), updated(LATER, Map.of(
        LeadField.CUSTOM_FIELDS, custom("extra1", "a"))));

    assertThat(((Decision.Upsert) decision).lead().customFields()).hasSize(50);
  }

  @Test
  void shouldAcceptUpdateThatRemovesAsManyCustomFieldsAsItAdds() {
    Decision decision = LeadTransitions.decide(withCustomFields(50), updated(LATER, Map.of(
        LeadField.CUSTOM_FIELDS, custom("field0", null, "extra1", "a"))));

    assertThat(((Decision.Upsert) decision).lead().customFields())
        .hasSize(50).containsKey("extra1").doesNotContainKey("field0");
  }

  // --- LeadContacted ---

  @Test
  void shouldSetLastContactedAtOnFirstContact() {
    assertThat(existing().apply(contactedAt(LATER)).lastContactedAt()).isEqualTo(LATER);
  }

  @Test
  void shouldMoveLastContactedAtToLaterContact() {
    Lead lead = existing().apply(contactedAt(LATER)).apply(contactedAt(LATEST));

    assertThat(lead.lastContactedAt()).isEqualTo(LATEST);
  }

  @Test
  void shouldKeepLastContactedAtWhenContactOccurredEarlier() {
    Lead lead = existing().apply(contactedAt(LATEST)).apply(contactedAt(LATER));

    assertThat(lead.lastContactedAt()).isEqualTo(LATEST);
  }

  @Test
  void shouldTurnNewLeadIntoContacted() {
    Lead lead = withStatus(LeadStatus.NEW).apply(contactedAt(LATER));

    assertThat(lead.status()).isEqualTo(LeadStatus.CONTACTED);
  }

  @Test
  void shouldKeepRepliedLeadRepliedWhenContacted() {
    Lead lead = withStatus(LeadStatus.REPLIED).apply(contactedAt(LATER));

    assertThat(lead.status()).isEqualTo(LeadStatus.REPLIED);
  }

  @ParameterizedTest
  @EnumSource(value = LeadStatus.class, names = "NEW", mode = EnumSource.Mode.EXCLUDE)
  void shouldKeepEveryStatusButNewWhenContacted(LeadStatus status) {
    assertThat(withStatus(status).apply(contactedAt(LATER)).status()).isEqualTo(status);
  }

  @Test
  void shouldMoveUpdatedAtToLaterContact() {
    assertThat(existing().apply(contactedAt(LATER)).updatedAt()).isEqualTo(LATER);
  }

  @Test
  void shouldKeepUpdatedAtWhenContactOccurredEarlier() {
    Lead lead = existing().apply(updated(LATEST, Map.of())).apply(contactedAt(LATER));

    assertThat(lead.updatedAt()).isEqualTo(LATEST);
  }

  @Test
  void shouldChangeNothingButStatusAndTimesWhenContacted() {
    Lead lead = existing().apply(contactedAt(LATER));

    assertThat(lead).usingRecursiveComparison()
        .ignoringFields("status", "updatedAt", "lastContactedAt")
        .isEqualTo(existing());
  }

  @Test
  void shouldUpsertWithPreviousLeadOnContact() {
    assertThat(LeadTransitions.decide(existing(), contactedAt(LATER)))
        .isEqualTo(new Decision.Upsert(existing(), existing().apply(contactedAt(LATER))));
  }

  // --- LeadDeleted ---

  @Test
  void shouldRemoveLeadOnDelete() {
    assertThat(LeadTransitions.decide(existing(), event("LeadDeleted", WORKSPACE)))
        .isEqualTo(new Decision.Remove(existing()));
  }

  // --- rejects common to every type ---

  @ParameterizedTest
  @ValueSource(strings = {"LeadUpdated", "LeadContacted", "LeadDeleted"})
  void shouldRejectEventForLeadThatDoesNotExist(String type) {
    assertThat(rejected(null, event(type, WORKSPACE))).isEqualTo(LEAD_NOT_FOUND);
  }

  @ParameterizedTest
  @ValueSource(strings = {"LeadCreated", "LeadUpdated", "LeadContacted", "LeadDeleted"})
  void shouldRejectEventFromAnotherWorkspace(String type) {
    assertThat(rejected(existing(), event(type, "ws_other"))).isEqualTo(WORKSPACE_MISMATCH);
  }

  // --- helpers ---

  private static Map<LeadField, Object> johnDoe() {
    Map<LeadField, Object> data = new EnumMap<>(LeadField.class);
    data.put(LeadField.FIRST_NAME, "John");
    data.put(LeadField.LAST_NAME, "Doe");
    data.put(LeadField.EMAIL, "john@techcorp.com");
    data.put(LeadField.LINKEDIN_URL, "https://linkedin.com/in/johndoe");
    data.put(LeadField.COMPANY, "Tech Corp");
    data.put(LeadField.TITLE, "Senior Software Engineer");
    data.put(LeadField.PHONE, "+1-555-123-4567");
    data.put(LeadField.LOCATION, "San Francisco, CA");
    data.put(LeadField.STATUS, LeadStatus.CONTACTED);
    data.put(LeadField.SOURCE, LeadSource.LINKEDIN);
    data.put(LeadField.NOTES, "Interested in AI solutions.");
    data.put(LeadField.TAGS, List.of("ai", "enterprise"));
    data.put(LeadField.CUSTOM_FIELDS, custom("industry", "Technology", "seats", 120L));
    return data;
  }

  /** John Doe as created, with status new. */
  private static Lead existing() {
    return withStatus(LeadStatus.NEW);
  }

  private static Lead withStatus(LeadStatus status) {
    Map<LeadField, Object> data = johnDoe();
    data.put(LeadField.STATUS, status);
    return Lead.create(created(data));
  }

  private static Lead withCustomFields(int count) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      fields.put("field" + i, new BigDecimal(i + ".5"));
    }
    return Lead.create(created(Map.of(LeadField.CUSTOM_FIELDS, fields)));
  }

  /** A custom-fields patch from key/value pairs; a value may be null. */
  private static Map<String, Object> custom(Object... keysAndValues) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      fields.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return fields;
  }

  private static LeadEvent.Created created(Map<LeadField, Object> data) {
    return new LeadEvent.Created("evt_c", LEAD, WORKSPACE, CREATED, new LeadPatch(new HashMap<>(data)));
  }

  private static LeadEvent.Updated updated(Instant occurredAt, Map<LeadField, Object> patch) {
    return new LeadEvent.Updated("evt_u", LEAD, WORKSPACE, occurredAt, new LeadPatch(new HashMap<>(patch)));
  }

  private static LeadEvent.Contacted contactedAt(Instant occurredAt) {
    return new LeadEvent.Contacted("evt_k", LEAD, WORKSPACE, occurredAt, "email", "Sent the deck");
  }

  private static LeadEvent event(String type, String workspace) {
    return switch (type) {
      case "LeadCreated" -> new LeadEvent.Created("evt_1", LEAD, workspace, LATER, LeadPatch.EMPTY);
      case "LeadUpdated" -> new LeadEvent.Updated(
          "evt_1", LEAD, workspace, LATER, new LeadPatch(Map.of(LeadField.COMPANY, "Acme")));
      case "LeadContacted" -> new LeadEvent.Contacted("evt_1", LEAD, workspace, LATER, "phone", null);
      case "LeadDeleted" -> new LeadEvent.Deleted("evt_1", LEAD, workspace, LATER);
      default -> throw new IllegalArgumentException(type);
    };
  }

  private static String rejected(Lead current, LeadEvent event) {
    Decision decision = LeadTransitions.decide(current, event);
    assertThat(decision).isInstanceOf(Decision.Reject.class);
    return ((Decision.Reject) decision).error().code();
  }
}
