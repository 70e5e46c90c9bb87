package ai.buena.leads.index;

import java.util.Arrays;
import java.util.function.IntFunction;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Postings per gram of one to three chars ({@link Grams}) at the document level, for a field whose
 * values are nearly one per lead (e-mail addresses), where a dictionary of distinct values saves
 * nothing. A term of one to three chars is one posting, exactly; a longer term is the intersection
 * of its trigrams' postings, smallest first and within the matches so far, whose docs are then
 * checked with {@link String#contains}. So a frequent term costs a few bitmap operations and at most
 * one test per lead that has all its trigrams, never one per distinct value.
 */
final class DocumentGrams implements SearchableText {
  private final GramPostings postings = new GramPostings();
  private final RoaringBitmap withValue = new RoaringBitmap();
  /** The field's (lower-cased) value of a doc of the index, for checking candidates. */
  private final IntFunction<String> valueOf;
  /** The length of the shortest grams kept (1 or 3): a shorter term is checked on every doc. */
  private final int shortest;

  DocumentGrams(IntFunction<String> valueOf) {
    this(valueOf, 1);
  }

  DocumentGrams(IntFunction<String> valueOf, int shortest) {
    this.valueOf = valueOf;
    this.shortest = shortest;
  }

  @Override
  public String canonical(String text) {
    return text;
  }

  @Override
  public void add(String text, int doc) {
    if (text == null) {
      return;
    }
    withValue.add(doc);
    for (long gram : Grams.of(text, shortest, 3)) {
      postings.add(gram, doc);
    }
  }

  @Override
  public void remove(String text, int doc) {
    if (text == null) {
      return;
    }
    withValue.remove(doc);
    for (long gram : Grams.of(text, shortest, 3)) {
      postings.remove(gram, doc);
    }
  }

  @Override
  public long estimate(String term) {
    if (term.length() < shortest) {
      return withValue.getLongCardinality();
    }
    long fewest = Long.MAX_VALUE;
    for (long gram : Grams.forTerm(term)) {
      int docs = postings.cardinality(gram);
      if (docs == 0) {
        return 0;
      }
      fewest = Math.min(fewest, docs);
    }
    return fewest;
  }

  @Override
  public RoaringBitmap containing(String term, RoaringBitmap within, WorkBudget budget) {
    return containing(term, within, null, budget);
  }

  /** Only the candidates outside {@code known} are checked, and only those found are answered. */
  @Override
  public RoaringBitmap containing(
      String term, RoaringBitmap within, RoaringBitmap known, WorkBudget budget) {
    if (term.isEmpty()) {
      return intersection(new RoaringBitmap[] {withValue}, within, budget);
    }
    RoaringBitmap candidates;
    if (term.length() < shortest) {
      candidates = intersection(new RoaringBitmap[] {withValue}, within, budget);
    } else {
      long[] grams = Grams.forTerm(term);
      RoaringBitmap[] lists = new RoaringBitmap[grams.length];
      for (int i = 0; i < grams.length; i++) {
        lists[i] = postings.get(grams[i]);
        if (lists[i] == null) {
          return new RoaringBitmap();
        }
      }
      candidates = intersection(lists, within, budget);
      if (term.length() <= 3) {
        return candidates;
      }
    }
    if (known != null && !known.isEmpty()) {
      budget.spend(WorkBudget.bitmapUnits(candidates));
      candidates.andNot(known);
    }
    budget.spend(candidates.getLongCardinality());
    int[] kept = new int[candidates.getCardinality()];
    int count = 0;
    for (IntIterator docs = candidates.getIntIterator(); docs.hasNext(); ) {
      int doc = docs.next();
      String value = valueOf.apply(doc);
      if (value == null) {
        continue;
      }
      budget.spendContains(value, term);
      if (value.contains(term)) {
        kept[count++] = doc;
      }
    }
    if (count == kept.length) {
      return candidates;
    }
    RoaringBitmap found = new RoaringBitmap();
    found.addN(kept, 0, count);
    return found;
  }

  /** The docs that have a value: read-only. */
  RoaringBitmap docsWithValue() {
    return withValue;
  }

  @Override
  public void writeTo(SnapshotOutput out) {
    out.putBitmap(withValue);
    out.putInt(postings.size());
    postings.forEach(
        (gram, docs) -> {
          out.putLong(gram);
          out.putBitmap(docs);
        });
  }

  @Override
  public void readFrom(SnapshotInput in) {
    in.getBitmap(withValue);
    int count = in.getCount();
    for (int i = 0; i < count; i++) {
      if (!postings.putNew(in.getLong(), in.getBitmap())) {
        throw new CorruptSnapshotException("a gram twice");
      }
    }
  }

  @Override
  public void indexRead() {
    // nothing derived: the postings are what was read
  }

  @Override
  public void writeValue(SnapshotOutput out, String text) {
    out.putString(text);
  }

  @Override
  public String readValue(SnapshotInput in) {
    return in.getString();
  }

  /** The AND of {@code lists} and {@code within}, smallest first, as a new bitmap. */
  private static RoaringBitmap intersection(
      RoaringBitmap[] lists, RoaringBitmap within, WorkBudget budget) {
    RoaringBitmap[] all = within == null ? lists : append(lists, within);
    Arrays.sort(all, (a, b) -> Long.compare(a.getLongCardinality(), b.getLongCardinality()));
    budget.spend(WorkBudget.bitmapUnits(all[0]) * all.length);
    RoaringBitmap result = all[0].clone();
    for (int i = 1; i < all.length && !result.isEmpty(); i++) {
      result.and(all[i]);
    }
    return result;
  }

  private static RoaringBitmap[] append(RoaringBitmap[] lists, RoaringBitmap one) {
    RoaringBitmap[] all = Arrays.copyOf(lists, lists.length + 1);
    all[lists.length] = one;
    return all;
  }
}
