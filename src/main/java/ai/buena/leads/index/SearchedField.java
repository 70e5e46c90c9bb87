package ai.buena.leads.index;

import java.util.function.Function;

/** The text fields a {@code search} term is looked for in, each with its own dictionary. */
enum SearchedField {
  FIRST_NAME(LeadSummary::firstName),
  LAST_NAME(LeadSummary::lastName),
  EMAIL(LeadSummary::email),
  COMPANY(LeadSummary::company),
  TITLE(LeadSummary::title);

  private final Function<LeadSummary, String> value;

  SearchedField(Function<LeadSummary, String> value) {
    this.value = value;
  }

  String of(LeadSummary lead) {
    return value.apply(lead);
  }
}
