package ai.buena.leads.runtime.generate;

import ai.buena.leads.runtime.generate.Vocabulary.Company;

/** Where a generated lead's name, company and title come from ({@link Distribution}). */
interface LeadVocabulary {

  String firstName(SeededRandom random);

  String lastName(String firstName, SeededRandom random);

  Company company(SeededRandom random);

  /** A company other than {@code current}, for a job change. */
  Company otherCompany(Company current, SeededRandom random);

  String title(SeededRandom random);

  /** A title other than {@code current}. */
  String otherTitle(String current, SeededRandom random);

  /** The company of this vocabulary with that name (the first one when none has it). */
  Company companyNamed(String name);

  /** Every word of the built-in lists equally often. */
  LeadVocabulary UNIFORM =
      new LeadVocabulary() {
        @Override
        public String firstName(SeededRandom random) {
          return random.pick(Vocabulary.FIRST_NAMES);
        }

        @Override
        public String lastName(String firstName, SeededRandom random) {
          return random.pick(Vocabulary.LAST_NAMES);
        }

        @Override
        public Company company(SeededRandom random) {
          return random.pick(Vocabulary.COMPANIES);
        }

        @Override
        public Company otherCompany(Company current, SeededRandom random) {
          return random.pickOtherThan(Vocabulary.COMPANIES, current);
        }

        @Override
        public String title(SeededRandom random) {
          return random.pick(Vocabulary.TITLES);
        }

        @Override
        public String otherTitle(String current, SeededRandom random) {
          return random.pickOtherThan(Vocabulary.TITLES, current);
        }

        @Override
        public Company companyNamed(String name) {
          return LeadAttributes.companyNamed(name);
        }
      };
}
