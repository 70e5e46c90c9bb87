package ai.buena.leads.index;

import java.util.function.Function;

/**
 * The text fields a {@code search} term is looked for in, each with its own index: a dictionary of
 * distinct values ({@link TextDictionary}) where leads share values; for the e-mail, where nearly
 * every lead has its own value, postings per document of the local part and a dictionary of the
 * domains ({@link EmailText}).
 */
enum SearchedField {
  FIRST_NAME(LeadSummary::firstName, false),
  LAST_NAME(LeadSummary::lastName, false),
  EMAIL(LeadSummary::email, true),
  COMPANY(LeadSummary::company, false),
  TITLE(LeadSummary::title, false);

  private final Function<LeadSummary, String> value;
  private final boolean valuePerLead;

  SearchedField(Function<LeadSummary, String> value, boolean valuePerLead) {
    this.value = value;
    this.valuePerLead = valuePerLead;
  }

  /** Whether nearly every lead has a value of its own (then indexed per document). */
  boolean valuePerLead() {
    return valuePerLead;
  }

  String of(LeadSummary lead) {
    return value.apply(lead);
  }
}
