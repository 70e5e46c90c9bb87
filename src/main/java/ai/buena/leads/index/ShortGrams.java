package ai.buena.leads.index;

import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;

/**
 * Postings per gram of one or two chars at the document level, over the values of one or more text
 * fields of each doc together. A term of one or two chars is one posting, exact, whatever the
 * number of distinct values: a dictionary would test every distinct value for it (no trigram
 * narrows it), which costs the budget of a request when values are mostly distinct.
 */
final class ShortGrams {

  private final GramPostings postings = new GramPostings();

  /** Adds {@code doc} with {@code values} (nulls skipped), none of whose grams it had. */
  void add(int doc, String... values) {
    for (long gram : Grams.shortOf(values)) {
      postings.add(gram, doc);
    }
  }

  /** Removes {@code doc}, which had {@code values}. */
  void remove(int doc, String... values) {
    removeGrams(doc, Grams.shortOf(values));
  }

  /** {@code doc}'s values changed from {@code before} to {@code after}: only the grams that differ move. */
  void change(int doc, String[] before, String[] after) {
    long[] had = Grams.shortOf(before);
    long[] has = Grams.shortOf(after);
    long[] gone = new long[had.length];
    int goneCount = 0;
    for (long gram : had) {
      if (Arrays.binarySearch(has, gram) < 0) {
        gone[goneCount++] = gram;
      }
    }
    removeGrams(doc, Arrays.copyOf(gone, goneCount));
    for (long gram : has) {
      if (Arrays.binarySearch(had, gram) < 0) {
        postings.add(gram, doc);
      }
    }
  }

  private void removeGrams(int doc, long[] grams) {
    for (long gram : grams) {
      postings.remove(gram, doc);
    }
  }

  /**
   * The docs one of whose values contains {@code term} (one or two chars, lower-cased): read-only,
   * never changed by the caller.
   */
  RoaringBitmap containing(String term) {
    if (term.isEmpty() || term.length() > 2) {
      throw new IllegalArgumentException("not a term of one or two chars: '" + term + "'");
    }
    RoaringBitmap docs = postings.get(Grams.keyOf(term));
    // a new empty bitmap, not one shared by every index: a query may hand it on as its matches
    return docs == null ? new RoaringBitmap() : docs;
  }

  void writeTo(SnapshotOutput out) {
    out.putInt(postings.size());
    postings.forEach(
        (gram, docs) -> {
          out.putLong(gram);
          out.putBitmap(docs);
        });
  }

  /** Fills this empty index with what {@link #writeTo} wrote. */
  void readFrom(SnapshotInput in) {
    int count = in.getCount();
    for (int i = 0; i < count; i++) {
      long gram = in.getLong();
      RoaringBitmap docs = in.getBitmap();
      if (docs.isEmpty() || !postings.putNew(gram, docs)) {
        throw new CorruptSnapshotException("a short gram empty or twice");
      }
    }
  }
}
