package ai.buena.leads.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * The distinct lower-cased values of one text field in one workspace index, each with the leads
 * (doc numbers) that have it, and a trigram index over the values, as {@code pg_trgm} keeps one
 * over rows. "Which leads contain this term" is answered per distinct value (a title shared by a
 * hundred thousand leads is tested once) and is exact: candidates from the trigrams are checked
 * with {@link String#contains}.
 */
final class TextDictionary implements SearchableText {
  /** Values with at most this many leads have their docs gathered one by one, not OR-ed. */
  private static final int FEW_DOCS = 8;

  /**
   * Chars of {@link ConcatenatedValues} scanned for the work of one {@link String#contains} on a
   * value reached through its object (measured: {@code TermScanBench}).
   */
  static final int SCANNED_CHARS_PER_UNIT = 128;
  /** Values found by a scan for one unit (the search resumed after each: 10-40 ns). */
  static final int FOUND_PER_UNIT = 4;
  /** Docs tested for one unit, gathering the docs of many values by each doc's value. */
  static final int DOCS_TESTED_PER_UNIT = 8;
  /** Value ids marked or passed over for one unit. */
  static final int IDS_PER_UNIT = 32;

  private final Map<String, Value> values = new HashMap<>();
  /**
   * The values having each trigram; null in a dictionary made only to write a small index's values
   * to a snapshot, which is never searched.
   */
  private GramPostings trigrams;
  private final Numbered<Value> byId = new Numbered<>();
  private ConcatenatedValues allText = new ConcatenatedValues();
  /**
   * By doc, the id of its value, or -1: the docs of many values are found in one pass over this
   * array rather than value by value.
   */
  private int[] valueOfDoc = new int[0];
  /** The docs that have a value: the docs of most values are these but the other values' (disjoint) docs. */
  private final RoaringBitmap withValue = new RoaringBitmap();

  /** A distinct value and its docs: one int while it has one (most e-mail addresses), else a bitmap. */
  private static final class Value {
    int id = -1;
    final String text;
    private int onlyDoc = -1;
    private RoaringBitmap docs;

    Value(String text) {
      this.text = text;
    }

    void add(int doc) {
      if (docs != null) {
        docs.add(doc);
      } else if (onlyDoc < 0 || onlyDoc == doc) {
        onlyDoc = doc;
      } else {
        docs = RoaringBitmap.bitmapOf(onlyDoc, doc);
        onlyDoc = -1;
      }
    }

    void remove(int doc) {
      if (docs != null) {
        docs.remove(doc);
      } else if (onlyDoc == doc) {
        onlyDoc = -1;
      }
    }

    boolean isEmpty() {
      return docs == null ? onlyDoc < 0 : docs.isEmpty();
    }

    int cardinality() {
      return docs == null ? (onlyDoc < 0 ? 0 : 1) : docs.getCardinality();
    }

    void forEachDoc(IntConsumer action) {
      if (docs != null) {
        docs.forEach((org.roaringbitmap.IntConsumer) action::accept);
      } else if (onlyDoc >= 0) {
        action.accept(onlyDoc);
      }
    }

    /** A copy of the docs, the caller's to change. */
    RoaringBitmap copy() {
      return docs != null ? docs.clone() : onlyDoc < 0 ? new RoaringBitmap() : RoaringBitmap.bitmapOf(onlyDoc);
    }

    /** Writes the docs into {@code into} from {@code at}; returns the count written. */
    int copyInto(int[] into, int at) {
      if (docs == null) {
        if (onlyDoc < 0) {
          return 0;
        }
        into[at] = onlyDoc;
        return 1;
      }
      int count = 0;
      for (IntIterator it = docs.getIntIterator(); it.hasNext(); ) {
        into[at + count++] = it.next();
      }
      return count;
    }
  }

  /** A dictionary that keeps the trigrams of its values. */
  TextDictionary() {
    this(true);
  }

  /** A dictionary that keeps the trigrams of its values when {@code trigrams}. */
  TextDictionary(boolean trigrams) {
    this.trigrams = trigrams ? new GramPostings() : null;
  }

  /** The instance of {@code text} this dictionary holds, so equal values share one string. */
  @Override
  public String canonical(String text) {
    if (text == null) {
      return null;
    }
    Value value = values.get(text);
    return value == null ? text : value.text;
  }

  @Override
  public void add(String text, int doc) {
    if (text == null) {
      return;
    }
    Value value = values.get(text);
    if (value == null) {
      value = new Value(SharedText.of(text));
      value.id = byId.add(value);
      values.put(text, value);
      if (trigrams != null) {
        for (long trigram : Trigrams.of(text)) {
          trigrams.add(trigram, value.id);
        }
      }
      allText.add(value.id, text);
    }
    value.add(doc);
    setValueOf(doc, value.id);
  }

  private void setValueOf(int doc, int id) {
    placeValueOf(doc, id);
    withValue.add(doc);
  }

  private void placeValueOf(int doc, int id) {
    if (doc >= valueOfDoc.length) {
      int from = valueOfDoc.length;
      valueOfDoc = Arrays.copyOf(valueOfDoc, Math.max(doc + 1, from + (from >> 1) + 16));
      Arrays.fill(valueOfDoc, from, valueOfDoc.length, -1);
    }
    valueOfDoc[doc] = id;
  }

  @Override
  public void remove(String text, int doc) {
    if (text == null) {
      return;
    }
    Value value = values.get(text);
    if (value == null) {
      return;
    }
    value.remove(doc);
    if (doc < valueOfDoc.length && valueOfDoc[doc] == value.id) {
      valueOfDoc[doc] = -1;
      withValue.remove(doc);
    }
    if (!value.isEmpty()) {
      return;
    }
    values.remove(text);
    allText.remove(value.id);
    if (trigrams != null) {
      for (long trigram : Trigrams.of(text)) {
        trigrams.remove(trigram, value.id);
      }
    }
    byId.remove(value.id);
  }

  /** The docs whose value equals {@code text} (lower-cased); a new bitmap the caller may change. */
  RoaringBitmap equalTo(String text) {
    Value value = values.get(text);
    return value == null ? new RoaringBitmap() : value.copy();
  }

  /**
   * The docs whose value equals {@code text} (lower-cased) without a copy, or null when their
   * value holds one doc only (no bitmap) or none: the dictionary's own, never to be changed.
   */
  RoaringBitmap equalToShared(String text) {
    Value value = values.get(text);
    return value == null ? null : value.docs;
  }

  /**
   * At most how many values a search for {@code term} tests: the values having its rarest trigram,
   * or every value when the term is shorter than a trigram. Costs a few map lookups.
   */
  long candidatesAtMost(String term) {
    long[] grams = Trigrams.of(term);
    if (grams.length == 0) {
      return values.size();
    }
    long fewest = Long.MAX_VALUE;
    for (long gram : grams) {
      int ids = trigrams.cardinality(gram);
      if (ids == 0) {
        return 0;
      }
      fewest = Math.min(fewest, ids);
    }
    return fewest;
  }

  /** The units of one scan of every value's chars ({@link ConcatenatedValues}). */
  private long scanUnits() {
    return 1 + allText.length() / SCANNED_CHARS_PER_UNIT;
  }

  /**
   * The units of finding {@code term} by scanning every value's chars, when that is cheaper than
   * testing its {@code candidates} (the values found are at most these), else -1.
   */
  private long scanCost(String term, long candidates) {
    if (term.isEmpty() || !ConcatenatedValues.searchable(term)) {
      return -1;
    }
    // a scan's worst case grows with the term too, here per started 16 chars: the per-value tests
    // were recalibrated for short terms (WorkBudget#containsExtra), the scan was not measured so
    long cost = scanUnits() * ((term.length() + 15) / 16) + candidates / FOUND_PER_UNIT;
    return cost < candidates ? cost : -1;
  }

  @Override
  public long estimate(String term) {
    long candidates = candidatesAtMost(term);
    long scan = scanCost(term, candidates);
    return scan >= 0 ? scan : candidates;
  }

  /** The docs of the values that contain {@code term}: found, then their docs gathered. */
  @Override
  public RoaringBitmap containing(String term, RoaringBitmap within, WorkBudget budget) {
    return valuesContaining(term, budget).docs(within, budget);
  }

  /**
   * The values that contain {@code term} (lower-cased), found without touching their docs, by
   * the cheaper of testing each candidate value from the trigrams and scanning every value's
   * chars; the work is charged to {@code budget} before it is done.
   */
  Matches valuesContaining(String term, WorkBudget budget) {
    long candidates = candidatesAtMost(term);
    long scan = scanCost(term, candidates);
    if (scan >= 0) {
      budget.spend(scan);
      ConcatenatedValues.Found found = allText.containing(term);
      return new Matches(found.ids(), found.count());
    }
    return valuesMatching(term, false, budget);
  }

  /**
   * The docs of the values that start with {@code prefix} (lower-cased), only those in {@code
   * within} when it is given: candidates from the prefix's trigrams, tested, their docs OR-ed.
   */
  RoaringBitmap startingWith(String prefix, RoaringBitmap within, WorkBudget budget) {
    return valuesMatching(prefix, true, budget).docs(within, budget);
  }

  /** The values containing {@code term}, or starting with it when {@code prefix}, each tested. */
  private Matches valuesMatching(String term, boolean prefix, WorkBudget budget) {
    int[] found = new int[16];
    int count = 0;
    if (term.length() < 3) {
      budget.spend(values.size());
      for (int id = 0, limit = byId.limit(); id < limit; id++) {
        Value value = byId.get(id);
        if (value != null && matches(value.text, term, prefix, budget)) {
          found = withRoom(found, count);
          found[count++] = id;
        }
      }
      return new Matches(found, count);
    }
    RoaringBitmap candidates = candidateValues(term);
    budget.spend(candidates.getLongCardinality());
    for (IntIterator ids = candidates.getIntIterator(); ids.hasNext(); ) {
      int id = ids.next();
      Value value = byId.get(id);
      if (value != null && matches(value.text, term, prefix, budget)) {
        found = withRoom(found, count);
        found[count++] = id;
      }
    }
    return new Matches(found, count);
  }

  private static int[] withRoom(int[] array, int count) {
    return count < array.length ? array : Arrays.copyOf(array, count * 2);
  }

  private static boolean matches(String value, String term, boolean prefix, WorkBudget budget) {
    if (prefix) {
      return value.startsWith(term);
    }
    budget.spendContains(value, term);
    return value.contains(term);
  }

  /** The values containing {@code term}, each candidate value tested: for measuring the two ways. */
  Matches valuesContainingByTests(String term) {
    return valuesMatching(term, false, WorkBudget.unlimited());
  }

  /** The values containing {@code term}, by scanning every value's chars: for measuring the two ways. */
  Matches valuesContainingByScan(String term) {
    ConcatenatedValues.Found found = allText.containing(term);
    return new Matches(found.ids(), found.count());
  }

  int valuesCount() {
    return values.size();
  }

  /** The chars a scan reads. */
  long scannedChars() {
    return allText.length();
  }

  /** {@link #valuesContaining(String, WorkBudget)} without a budget. */
  Matches valuesContaining(String term) {
    return valuesContaining(term, WorkBudget.unlimited());
  }

  /** Values of this dictionary that contain a term: {@code ids[0..count)}, each once. */
  final class Matches {
    private final int[] ids;
    private final int count;

    private Matches(int[] ids, int count) {
      this.ids = ids;
      this.count = count;
    }

    /** How many leads have these values. */
    long leads() {
      long leads = 0;
      for (int i = 0; i < count; i++) {
        leads += byId.get(ids[i]).cardinality();
      }
      return leads;
    }

    /**
     * The docs of these values, only those in {@code within} when it is given (then the work is
     * bounded by it); a new bitmap the caller may change.
     */
    RoaringBitmap docs(RoaringBitmap within) {
      return docs(within, WorkBudget.unlimited());
    }

    int size() {
      return count;
    }

    /**
     * {@link #docs(RoaringBitmap)}, charging {@code budget} first, the cheapest way: each value's
     * docs gathered (a unit each, as a test); the docs having a value but those of the values not
     * found, gathered (when these are few); or the docs (of {@code within} when given) whose value
     * is one of these, from each doc's value.
     */
    RoaringBitmap docs(RoaringBitmap within, WorkBudget budget) {
      long marks = 1 + ((long) count + byId.limit()) / IDS_PER_UNIT;
      long others = values.size() - (long) count;
      long allBut = marks + WorkBudget.bitmapUnits(withValue) + others;
      long docsTested = within == null ? valueOfDoc.length : within.getLongCardinality();
      long byDoc = marks + docsTested / DOCS_TESTED_PER_UNIT;
      if (allBut <= byDoc && allBut < count) {
        budget.spend(allBut);
        return docsOfAllBut(within);
      }
      if (byDoc < count) {
        budget.spend(byDoc);
        return docsByValueOfDoc(within);
      }
      budget.spend(count);
      return docsDirectly(within);
    }

    /** The docs of these values as the docs having a value but those of the other values. */
    RoaringBitmap docsOfAllBut(RoaringBitmap within) {
      long[] found = marked();
      List<Value> otherValues = new ArrayList<>();
      for (int word = 0, limit = byId.limit(); word < found.length; word++) {
        if (found[word] == -1L) {
          continue;
        }
        for (int id = word << 6, end = Math.min(limit, id + 64); id < end; id++) {
          Value value = (found[word] & (1L << id)) == 0 ? byId.get(id) : null;
          if (value != null) {
            otherValues.add(value);
          }
        }
      }
      RoaringBitmap docs = within == null ? withValue.clone() : RoaringBitmap.and(within, withValue);
      if (!otherValues.isEmpty()) {
        docs.andNot(docsOf(otherValues, within));
      }
      return docs;
    }

    /** By value id, whether it is one of these. */
    private long[] marked() {
      long[] found = new long[(byId.limit() + 63) >>> 6];
      for (int i = 0; i < count; i++) {
        found[ids[i] >>> 6] |= 1L << ids[i];
      }
      return found;
    }

    /** The docs of these values, each value's gathered. */
    RoaringBitmap docsDirectly(RoaringBitmap within) {
      List<Value> gathered = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        gathered.add(byId.get(ids[i]));
      }
      return docsOf(gathered, within);
    }

    /** The docs of these values: the docs (of {@code within} when given) whose value is one of them. */
    RoaringBitmap docsByValueOfDoc(RoaringBitmap within) {
      long[] found = marked();
      RoaringBitmapWriter<RoaringBitmap> docs = RoaringBitmapWriter.writer().get();
      if (within == null) {
        for (int doc = 0; doc < valueOfDoc.length; doc++) {
          int id = valueOfDoc[doc];
          if (id >= 0 && (found[id >>> 6] & (1L << id)) != 0) {
            docs.add(doc);
          }
        }
      } else {
        for (IntIterator each = within.getIntIterator(); each.hasNext(); ) {
          int doc = each.next();
          int id = doc < valueOfDoc.length ? valueOfDoc[doc] : -1;
          if (id >= 0 && (found[id >>> 6] & (1L << id)) != 0) {
            docs.add(doc);
          }
        }
      }
      return docs.get();
    }
  }

  /** The docs of {@code gathered}, only those in {@code within} when it is given, as a new bitmap. */
  private static RoaringBitmap docsOf(List<Value> gathered, RoaringBitmap within) {
    List<RoaringBitmap> many = new ArrayList<>();
    int[] few = new int[64];
    int fewCount = 0;
    for (Value value : gathered) {
      int cardinality = value.cardinality();
      if (cardinality > FEW_DOCS) {
        many.add(within == null ? value.docs : RoaringBitmap.and(within, value.docs));
        continue;
      }
      if (fewCount + cardinality > few.length) {
        few = Arrays.copyOf(few, Math.max(few.length * 2, fewCount + cardinality));
      }
      int start = fewCount;
      int written = value.copyInto(few, start);
      for (int i = start; i < start + written; i++) {
        if (within == null || within.contains(few[i])) {
          few[fewCount++] = few[i];
        }
      }
    }
    if (fewCount > 0) {
      Arrays.sort(few, 0, fewCount);
      RoaringBitmap docs = new RoaringBitmap();
      docs.addN(few, 0, fewCount);
      many.add(docs);
    }
    return many.isEmpty() ? new RoaringBitmap() : FastAggregation.or(many.iterator());
  }

  @Override
  public void writeTo(SnapshotOutput out) {
    byId.writeTo(
        out,
        value -> {
          out.putString(value.text);
          if (value.docs == null) {
            out.putByte(0);
            out.putInt(value.onlyDoc);
          } else {
            out.putByte(1);
            out.putBitmap(value.docs);
          }
        });
    if (trigrams == null) {
      out.putInt(0);
      return;
    }
    out.putInt(trigrams.size());
    trigrams.forEach(
        (gram, ids) -> {
          out.putLong(gram);
          out.putBitmap(ids);
        });
  }

  @Override
  public void readFrom(SnapshotInput in) {
    byId.readFrom(
        in,
        id -> {
          String text = SharedText.of(in.getString());
          if (text == null) {
            throw new CorruptSnapshotException("a dictionary value without text");
          }
          Value value = new Value(text);
          value.id = id;
          if (in.getByte() == 0) {
            value.onlyDoc = in.getInt();
          } else {
            value.docs = in.getBitmap();
          }
          if (values.put(text, value) != null) {
            throw new CorruptSnapshotException("a dictionary value twice");
          }
          return value;
        });
    int count = in.getCount();
    trigrams = new GramPostings();
    for (int i = 0; i < count; i++) {
      if (!trigrams.putNew(in.getLong(), in.getBitmap())) {
        throw new CorruptSnapshotException("a trigram twice");
      }
    }
  }

  @Override
  public void indexRead() {
    indexValues();
  }

  /** Fills the buffer of values and each doc's value from the values (not persisted: rebuilt at load). */
  private void indexValues() {
    for (int id = 0, limit = byId.limit(); id < limit; id++) {
      Value value = byId.get(id);
      if (value != null) {
        allText.add(id, value.text);
        int valueId = id;
        value.forEachDoc(doc -> placeValueOf(doc, valueId));
      }
    }
    RoaringBitmapWriter<RoaringBitmap> docs = RoaringBitmapWriter.writer().get();
    for (int doc = 0; doc < valueOfDoc.length; doc++) {
      if (valueOfDoc[doc] >= 0) {
        docs.add(doc);
      }
    }
    withValue.or(docs.get());
  }

  /** {@link #indexValues} again from scratch: for measuring what a snapshot load adds. */
  void rebuildDerived() {
    allText = new ConcatenatedValues();
    valueOfDoc = new int[0];
    withValue.clear();
    indexValues();
  }

  @Override
  public void writeValue(SnapshotOutput out, String text) {
    out.putInt(text == null ? -1 : values.get(text).id);
  }

  @Override
  public String readValue(SnapshotInput in) {
    int id = in.getInt();
    if (id == -1) {
      return null;
    }
    Value value = id >= 0 && id < byId.limit() ? byId.get(id) : null;
    if (value == null) {
      throw new CorruptSnapshotException("a reference to a dictionary value that is not there");
    }
    return value.text;
  }

  /** The ids of the values having every trigram of {@code term} (three chars or more). */
  private RoaringBitmap candidateValues(String term) {
    long[] grams = Trigrams.of(term);
    RoaringBitmap[] postings = new RoaringBitmap[grams.length];
    for (int i = 0; i < grams.length; i++) {
      postings[i] = trigrams.get(grams[i]);
      if (postings[i] == null) {
        return new RoaringBitmap();
      }
    }
    if (postings.length == 1) {
      return postings[0];
    }
    Arrays.sort(postings, (a, b) -> Integer.compare(a.getCardinality(), b.getCardinality()));
    return FastAggregation.and(postings);
  }
}
