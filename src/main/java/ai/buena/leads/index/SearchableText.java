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

  /**
   * {@link #containing(String, RoaringBitmap, WorkBudget)}, where docs of {@code known} (found by
   * the term in another field, so matching anyway) may be left out of the answer: an index that
   * checks docs one by one skips them.
   */
  default RoaringBitmap containing(
      String term, RoaringBitmap within, RoaringBitmap known, WorkBudget budget) {
    return containing(term, within, budget);
  }

  /** Writes this field's index to a snapshot. */
  void writeTo(SnapshotOutput out);

  /**
   * Fills this empty index with what {@link #writeTo} wrote: its values, readable by {@link
   * #readValue}; searchable once {@link #indexRead} has run.
   */
  void readFrom(SnapshotInput in);

  /**
   * Builds what is derived from the values read (not written to a snapshot), for searching: left
   * out when the index read is a small workspace's, which lets go of its dictionaries.
   */
  void indexRead();

  /** Writes a lead's value of this field ({@code text}, held here, or null) as a snapshot refers to it. */
  void writeValue(SnapshotOutput out, String text);

  /** Reads what {@link #writeValue} wrote: the value as this index holds it, or null. */
  String readValue(SnapshotInput in);
}
