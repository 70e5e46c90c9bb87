package ai.buena.leads.runtime.generate;

import ai.buena.leads.runtime.generate.Vocabulary.Company;
import ai.buena.leads.runtime.generate.Vocabulary.Location;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Plausible values for single lead fields, derived from each other where a real lead's would be.
 */
final class LeadAttributes {
  private static final Pattern NOT_LOWER_ALNUM = Pattern.compile("[^a-z0-9]");
  private static final Map<String, String> SLUGS = new ConcurrentHashMap<>();
  private static final Weighted<Integer> TAG_COUNTS =
      Weighted.of(List.of(0, 1, 2, 3, 4), 20, 25, 25, 18, 12);
  private static final Weighted<Integer> CUSTOM_FIELD_COUNTS =
      Weighted.of(List.of(0, 1, 2, 3, 4), 15, 20, 25, 25, 15);

  private LeadAttributes() {}

  static String email(String firstName, String lastName, Company company, SeededRandom random) {
    String first = slug(firstName);
    String last = slug(lastName);
    if (random.chance(0.12)) {
      return first
          + "."
          + last
          + random.digits(2)
          + "@"
          + random.pick(Vocabulary.PERSONAL_EMAIL_DOMAINS);
    }
    String local =
        switch (random.nextInt(6)) {
          case 0, 1 -> first + "." + last;
          case 2 -> first;
          case 3 -> first.charAt(0) + last;
          case 4 -> first + last;
          default -> first + "_" + last;
        };
    return local + "@" + company.domain();
  }

  static String linkedinUrl(String firstName, String lastName, SeededRandom random) {
    String handle = slug(firstName) + slug(lastName);
    return "https://linkedin.com/in/"
        + (random.chance(0.5) ? handle + "-" + random.digits(4) : handle);
  }

  static String phone(Location location, SeededRandom random) {
    if (location != null && location.dialCode().equals("1")) {
      return "+1-555-" + random.digits(3) + "-" + random.digits(4);
    }
    String dialCode = location == null ? "44" : location.dialCode();
    return "+"
        + dialCode
        + " "
        + random.digits(3)
        + " "
        + random.digits(3)
        + " "
        + random.digits(4);
  }

  static List<String> tags(SeededRandom random) {
    int count = TAG_COUNTS.pick(random);
    List<String> tags = new ArrayList<>(count);
    while (tags.size() < count) {
      String tag = random.pick(Vocabulary.TAGS);
      if (!tags.contains(tag)) {
        tags.add(tag);
      }
    }
    return tags;
  }

  static Map<String, Object> customFields(Company company, SeededRandom random) {
    int count = CUSTOM_FIELD_COUNTS.pick(random);
    Map<String, Object> fields = new LinkedHashMap<>();
    while (fields.size() < count) {
      String key = random.pick(Vocabulary.CUSTOM_FIELD_KEYS);
      if (!fields.containsKey(key)) {
        fields.put(key, customFieldValue(key, company, random));
      }
    }
    return fields;
  }

  static Object customFieldValue(String key, Company company, SeededRandom random) {
    return switch (key) {
      case "industry" -> company.industry();
      case "employeeCount" -> random.pick(Vocabulary.EMPLOYEE_COUNTS);
      case "budget" -> random.pick(Vocabulary.BUDGETS);
      case "leadScore" -> random.between(1, 100);
      case "newsletterOptIn" -> random.chance(0.4);
      default -> throw new IllegalArgumentException("unknown custom field " + key);
    };
  }

  static Company companyNamed(String name) {
    for (Company company : Vocabulary.COMPANIES) {
      if (company.name().equals(name)) {
        return company;
      }
    }
    return Vocabulary.COMPANIES.get(0);
  }

  static Location locationNamed(String name) {
    for (Location location : Vocabulary.LOCATIONS) {
      if (location.name().equals(name)) {
        return location;
      }
    }
    return null;
  }

  static String slug(String name) {
    return SLUGS.computeIfAbsent(name, LeadAttributes::computeSlug);
  }

  private static String computeSlug(String name) {
    String folded =
        name.toLowerCase(Locale.ROOT).replace("ø", "o").replace("æ", "ae").replace("ß", "ss");
    String withoutAccents = Normalizer.normalize(folded, Normalizer.Form.NFD);
    return NOT_LOWER_ALNUM.matcher(withoutAccents).replaceAll("");
  }
}
