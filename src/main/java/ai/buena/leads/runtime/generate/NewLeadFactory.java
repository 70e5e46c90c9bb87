package ai.buena.leads.runtime.generate;

import static ai.buena.leads.events.LeadField.COMPANY;
import static ai.buena.leads.events.LeadField.CUSTOM_FIELDS;
import static ai.buena.leads.events.LeadField.EMAIL;
import static ai.buena.leads.events.LeadField.FIRST_NAME;
import static ai.buena.leads.events.LeadField.LAST_NAME;
import static ai.buena.leads.events.LeadField.LINKEDIN_URL;
import static ai.buena.leads.events.LeadField.LOCATION;
import static ai.buena.leads.events.LeadField.NOTES;
import static ai.buena.leads.events.LeadField.PHONE;
import static ai.buena.leads.events.LeadField.SOURCE;
import static ai.buena.leads.events.LeadField.STATUS;
import static ai.buena.leads.events.LeadField.TAGS;
import static ai.buena.leads.events.LeadField.TITLE;

import ai.buena.leads.events.LeadField;
import ai.buena.leads.events.LeadPatch;
import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.runtime.generate.Vocabulary.Company;
import ai.buena.leads.runtime.generate.Vocabulary.Location;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The data of a {@code LeadCreated} event: every field, with nulls where a real lead has gaps. */
final class NewLeadFactory {
  private static final Weighted<LeadStatus> INITIAL_STATUSES =
      Weighted.of(
          List.of(
              LeadStatus.NEW,
              LeadStatus.CONTACTED,
              LeadStatus.REPLIED,
              LeadStatus.CONVERTED,
              LeadStatus.COLD),
          86,
          4,
          3,
          2,
          5);
  private static final Weighted<LeadSource> SOURCES =
      Weighted.of(
          List.of(
              LeadSource.LINKEDIN,
              LeadSource.WEBSITE,
              LeadSource.IMPORT,
              LeadSource.REFERRAL,
              LeadSource.API),
          38,
          27,
          15,
          12,
          8);

  private NewLeadFactory() {}

  static LeadPatch create(SeededRandom random, LeadVocabulary vocabulary) {
    String firstName = vocabulary.firstName(random);
    String lastName = vocabulary.lastName(firstName, random);
    Company company = vocabulary.company(random);
    Location location = random.chance(0.95) ? random.pick(Vocabulary.LOCATIONS) : null;

    Map<LeadField, Object> data = new EnumMap<>(LeadField.class);
    data.put(FIRST_NAME, firstName);
    data.put(LAST_NAME, lastName);
    data.put(EMAIL, LeadAttributes.email(firstName, lastName, company, random));
    data.put(
        LINKEDIN_URL,
        random.chance(0.85) ? LeadAttributes.linkedinUrl(firstName, lastName, random) : null);
    data.put(COMPANY, company.name());
    data.put(TITLE, vocabulary.title(random));
    data.put(PHONE, random.chance(0.7) ? LeadAttributes.phone(location, random) : null);
    data.put(LOCATION, location == null ? null : location.name());
    data.put(STATUS, INITIAL_STATUSES.pick(random));
    data.put(SOURCE, SOURCES.pick(random));
    data.put(NOTES, random.chance(0.35) ? random.pick(Vocabulary.NOTES) : null);
    data.put(TAGS, LeadAttributes.tags(random));
    data.put(CUSTOM_FIELDS, LeadAttributes.customFields(company, random));
    return new LeadPatch(data);
  }
}
