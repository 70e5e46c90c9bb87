package ai.buena.leads.runtime.generate;

import ai.buena.leads.events.LeadField;
import ai.buena.leads.events.LeadPatch;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.runtime.generate.Vocabulary.Company;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The data of a {@code LeadUpdated} event: a small merge patch against the lead as it stands. */
final class UpdatePatchFactory {
  private enum Change {
    TITLE,
    STATUS,
    TAGS,
    CUSTOM_FIELDS,
    NOTES,
    CLEAR_FIELD,
    NEW_PHONE,
    JOB_CHANGE
  }

  private static final Weighted<Change> CHANGES =
      Weighted.of(List.of(Change.values()), 20, 25, 14, 14, 9, 8, 5, 5);
  private static final List<LeadStatus> LATER_STATUSES =
      List.of(LeadStatus.REPLIED, LeadStatus.CONVERTED, LeadStatus.COLD);
  private static final Weighted<LeadStatus> STATUS_TARGETS =
      Weighted.of(LATER_STATUSES, 45, 20, 35);
  private static final List<LeadField> CLEARABLE =
      List.of(LeadField.PHONE, LeadField.NOTES, LeadField.LINKEDIN_URL, LeadField.LOCATION);

  private UpdatePatchFactory() {}

  static LeadPatch next(LeadDraft lead, SeededRandom random, LeadVocabulary vocabulary) {
    Map<LeadField, Object> patch = new EnumMap<>(LeadField.class);
    Change change = CHANGES.pick(random);
    add(change, lead, random, vocabulary, patch);
    if (random.chance(0.25)) {
      Change another = CHANGES.pick(random);
      if (another != change) {
        add(another, lead, random, vocabulary, patch);
      }
    }
    return new LeadPatch(patch);
  }

  private static void add(
      Change change,
      LeadDraft lead,
      SeededRandom random,
      LeadVocabulary vocabulary,
      Map<LeadField, Object> patch) {
    switch (change) {
      case TITLE -> patch.put(LeadField.TITLE, newTitle(lead, random, vocabulary));
      case STATUS -> patch.put(LeadField.STATUS, newStatus(lead, random));
      case TAGS -> patch.put(LeadField.TAGS, LeadAttributes.tags(random));
      case CUSTOM_FIELDS ->
          patch.put(LeadField.CUSTOM_FIELDS, customFieldsMerge(lead, random, vocabulary));
      case NOTES -> patch.put(LeadField.NOTES, random.pick(Vocabulary.NOTES));
      case CLEAR_FIELD -> clearAField(lead, random, patch);
      case NEW_PHONE -> patch.put(LeadField.PHONE, newPhone(lead, random));
      case JOB_CHANGE -> moveToAnotherCompany(lead, random, vocabulary, patch);
    }
  }

  private static String newTitle(LeadDraft lead, SeededRandom random, LeadVocabulary vocabulary) {
    return vocabulary.otherTitle(lead.text(LeadField.TITLE), random);
  }

  private static LeadStatus newStatus(LeadDraft lead, SeededRandom random) {
    LeadStatus target = STATUS_TARGETS.pick(random);
    return target == lead.status() ? random.pickOtherThan(LATER_STATUSES, target) : target;
  }

  private static Map<String, Object> customFieldsMerge(
      LeadDraft lead, SeededRandom random, LeadVocabulary vocabulary) {
    Map<String, Object> merge = new LinkedHashMap<>();
    List<String> existing = new ArrayList<>(lead.customFields().keySet());
    if (!existing.isEmpty() && random.chance(0.3)) {
      merge.put(random.pick(existing), null);
    }
    Company company = vocabulary.companyNamed(lead.text(LeadField.COMPANY));
    int additions = random.between(1, 2);
    for (int i = 0; i < additions; i++) {
      String key = random.pick(Vocabulary.CUSTOM_FIELD_KEYS);
      merge.putIfAbsent(key, LeadAttributes.customFieldValue(key, company, random));
    }
    return merge;
  }

  private static void clearAField(
      LeadDraft lead, SeededRandom random, Map<LeadField, Object> patch) {
    List<LeadField> clearable = CLEARABLE.stream().filter(lead::isSet).toList();
    if (clearable.isEmpty()) {
      patch.put(LeadField.NOTES, random.pick(Vocabulary.NOTES));
    } else {
      patch.put(random.pick(clearable), null);
    }
  }

  private static String newPhone(LeadDraft lead, SeededRandom random) {
    return LeadAttributes.phone(
        LeadAttributes.locationNamed(lead.text(LeadField.LOCATION)), random);
  }

  private static void moveToAnotherCompany(
      LeadDraft lead, SeededRandom random, LeadVocabulary vocabulary, Map<LeadField, Object> patch) {
    Company current = vocabulary.companyNamed(lead.text(LeadField.COMPANY));
    Company next = vocabulary.otherCompany(current, random);
    patch.put(LeadField.COMPANY, next.name());
    patch.put(LeadField.TITLE, newTitle(lead, random, vocabulary));
    patch.put(
        LeadField.EMAIL,
        LeadAttributes.email(
            lead.text(LeadField.FIRST_NAME), lead.text(LeadField.LAST_NAME), next, random));
  }
}
