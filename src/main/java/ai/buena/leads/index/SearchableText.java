package ai.buena.leads.index;

import org.roaringbitmap.RoaringBitmap;

/** The text of one {@link SearchedField} in one workspace index: which leads contain a term. */
interface SearchableText {

  /** The instance of {@code text} to keep, so equal values may share one string. */
  String canonical(String text);

  void add(String text, int doc);

  void remove(String text, int doc);

  /**
   * About how much work finding {@code term} takes, for choosing the order of terms (a few map
   * lookups, no test).
   */
  long estimate(String term);

  /**
   * The docs whose value contains {@code term} (lower-cased), only those in {@code within} when it
   * is given; exact, a new bitmap the caller may change. The work is charged to {@code budget}
   * before it is done.
   */
  RoaringBitmap containing(String term, RoaringBitmap within, WorkBudget budget);
}
