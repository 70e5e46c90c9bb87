package ai.buena.leads.runtime.generate;

import ai.buena.leads.runtime.generate.Vocabulary.Company;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The skew of real lead lists ({@link Distribution#SKEWED}): first names Zipf-distributed in the
 * order of {@link Vocabulary#FIRST_NAMES} (John about one lead in eight), a quarter of last names
 * made of a first name and a suffix (Johnson, Petersen), the other last names and the companies
 * Zipf-distributed too (Google about one in thirteen, a company with "Software" in its name one in
 * thirty), and a few titles shared by many: "engineer" occurs in about a quarter of the titles,
 * "software" in about one in seven.
 */
final class SkewedVocabulary implements LeadVocabulary {
  private static final double FIRST_NAME_EXPONENT = 0.85;
  private static final double LAST_NAME_EXPONENT = 0.7;
  private static final double COMPANY_EXPONENT = 0.6;
  private static final double DERIVED_LAST_NAMES = 0.25;
  private static final Weighted<String> SUFFIXES = Weighted.of(List.of("son", "sen", "s"), 6, 2, 2);
  /** Titles given more often than the others (weight {@link #OTHER_TITLE_WEIGHT} each). */
  private static final Map<String, Integer> FREQUENT_TITLES =
      Map.of(
          "Software Engineer", 60,
          "Senior Software Engineer", 45,
          "Account Executive", 50,
          "Sales Development Representative", 40,
          "Product Manager", 40,
          "Marketing Manager", 35,
          "Data Engineer", 15,
          "Engineering Manager", 20,
          "CEO", 30,
          "Founder", 30);
  private static final int OTHER_TITLE_WEIGHT = 8;
  private static final List<Company> SOFTWARE_COMPANIES =
      List.of(
          new Company("Acme Software", "acmesoftware.com", "Software"),
          new Company("Northwind Software", "northwindsoftware.com", "Software"));

  /** Last of the constants: its construction reads the ones above. */
  static final SkewedVocabulary INSTANCE = new SkewedVocabulary();

  private final Zipf<String> firstNames = new Zipf<>(Vocabulary.FIRST_NAMES, FIRST_NAME_EXPONENT);
  private final Zipf<String> lastNames = new Zipf<>(Vocabulary.LAST_NAMES, LAST_NAME_EXPONENT);
  private final List<Company> companyList = companies();
  private final Zipf<Company> companies = new Zipf<>(companyList, COMPANY_EXPONENT);
  private final Weighted<String> titles = titles();

  private SkewedVocabulary() {}

  /** Google, Microsoft, Amazon, then a software company, then the rest of the built-in list. */
  private static List<Company> companies() {
    List<Company> ordered = new ArrayList<>();
    for (String name : List.of("Google", "Microsoft", "Amazon")) {
      ordered.add(LeadAttributes.companyNamed(name));
    }
    ordered.add(SOFTWARE_COMPANIES.get(0));
    for (Company company : Vocabulary.COMPANIES) {
      if (!ordered.contains(company)) {
        ordered.add(company);
      }
    }
    ordered.add(ordered.size() / 2, SOFTWARE_COMPANIES.get(1));
    return List.copyOf(ordered);
  }

  private static Weighted<String> titles() {
    int[] weights = new int[Vocabulary.TITLES.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = FREQUENT_TITLES.getOrDefault(Vocabulary.TITLES.get(i), OTHER_TITLE_WEIGHT);
    }
    return Weighted.of(Vocabulary.TITLES, weights);
  }

  @Override
  public String firstName(SeededRandom random) {
    return firstNames.pick(random);
  }

  @Override
  public String lastName(String firstName, SeededRandom random) {
    if (random.chance(DERIVED_LAST_NAMES)) {
      return firstNames.pick(random) + SUFFIXES.pick(random);
    }
    return lastNames.pick(random);
  }

  @Override
  public Company company(SeededRandom random) {
    return companies.pick(random);
  }

  @Override
  public Company otherCompany(Company current, SeededRandom random) {
    Company next = companies.pick(random);
    return next.equals(current) ? random.pickOtherThan(companyList, current) : next;
  }

  @Override
  public String title(SeededRandom random) {
    return titles.pick(random);
  }

  @Override
  public String otherTitle(String current, SeededRandom random) {
    String next = titles.pick(random);
    return next.equals(current) ? random.pickOtherThan(Vocabulary.TITLES, current) : next;
  }

  @Override
  public Company companyNamed(String name) {
    for (Company company : companyList) {
      if (company.name().equals(name)) {
        return company;
      }
    }
    return companyList.get(0);
  }
}
