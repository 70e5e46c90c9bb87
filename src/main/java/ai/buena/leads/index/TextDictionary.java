package ai.buena.leads.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

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

  private final Map<String, Value> values = new HashMap<>();
  private final Map<Long, RoaringBitmap> trigrams = new HashMap<>();
  private final Numbered<Value> byId = new Numbered<>();

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
      value = new Value(text);
      value.id = byId.add(value);
      values.put(text, value);
      for (long trigram : Trigrams.of(text)) {
        trigrams.computeIfAbsent(trigram, t -> new RoaringBitmap()).add(value.id);
      }
    }
    value.add(doc);
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
    if (!value.isEmpty()) {
      return;
    }
    values.remove(text);
    for (long trigram : Trigrams.of(text)) {
      RoaringBitmap ids = trigrams.get(trigram);
      ids.remove(value.id);
      if (ids.isEmpty()) {
        trigrams.remove(trigram);
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
      RoaringBitmap ids = trigrams.get(gram);
      if (ids == null) {
        return 0;
      }
      fewest = Math.min(fewest, ids.getCardinality());
    }
    return fewest;
  }

  @Override
  public long estimate(String term) {
    return candidatesAtMost(term);
  }

  /** The docs of the values that contain {@code term}: their tests, then their docs OR-ed. */
  @Override
  public RoaringBitmap containing(String term, RoaringBitmap within, WorkBudget budget) {
    return valuesContaining(term, budget).docs(within, budget);
  }

  /**
   * The values that contain {@code term} (lower-cased), found without touching their docs; each
   * value tested is charged to {@code budget} before the tests run.
   */
  Matches valuesContaining(String term, WorkBudget budget) {
    return valuesMatching(term, false, budget);
  }

  /**
   * The docs of the values that start with {@code prefix} (lower-cased), only those in {@code
   * within} when it is given: candidates from the prefix's trigrams, tested, their docs OR-ed.
   */
  RoaringBitmap startingWith(String prefix, RoaringBitmap within, WorkBudget budget) {
    return valuesMatching(prefix, true, budget).docs(within, budget);
  }

  /** The values containing {@code term}, or starting with it when {@code prefix}. */
  private Matches valuesMatching(String term, boolean prefix, WorkBudget budget) {
    List<Value> found = new ArrayList<>();
    long leads = 0;
    if (term.length() < 3) {
      budget.spend(values.size());
      for (int id = 0, limit = byId.limit(); id < limit; id++) {
        Value value = byId.get(id);
        if (value != null && matches(value.text, term, prefix)) {
          found.add(value);
          leads += value.cardinality();
        }
      }
      return new Matches(found, leads);
    }
    RoaringBitmap candidates = candidateValues(term);
    budget.spend(candidates.getLongCardinality());
    for (IntIterator ids = candidates.getIntIterator(); ids.hasNext(); ) {
      Value value = byId.get(ids.next());
      if (value != null && matches(value.text, term, prefix)) {
        found.add(value);
        leads += value.cardinality();
      }
    }
    return new Matches(found, leads);
  }

  private static boolean matches(String value, String term, boolean prefix) {
    return prefix ? value.startsWith(term) : value.contains(term);
  }

  /** {@link #valuesContaining(String, WorkBudget)} without a budget. */
  Matches valuesContaining(String term) {
    return valuesContaining(term, WorkBudget.unlimited());
  }

  /** Values of one dictionary that contain a term, and how many leads have them. */
  static final class Matches {
    private final List<Value> values;
    private final long leads;

    private Matches(List<Value> values, long leads) {
      this.values = values;
      this.leads = leads;
    }

    long leads() {
      return leads;
    }

    /**
     * The docs of these values, only those in {@code within} when it is given (then the work is
     * bounded by it); a new bitmap the caller may change.
     */
    RoaringBitmap docs(RoaringBitmap within) {
      return docs(within, WorkBudget.unlimited());
    }

    /** {@link #docs(RoaringBitmap)}, charging one unit per value to {@code budget} first. */
    RoaringBitmap docs(RoaringBitmap within, WorkBudget budget) {
      budget.spend(values.size());
      List<RoaringBitmap> many = new ArrayList<>();
      int[] few = new int[64];
      int fewCount = 0;
      for (Value value : values) {
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
        RoaringBitmap gathered = new RoaringBitmap();
        gathered.addN(few, 0, fewCount);
        many.add(gathered);
      }
      return many.isEmpty() ? new RoaringBitmap() : FastAggregation.or(many.iterator());
    }
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
          String text = in.getString();
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
    for (int i = 0; i < count; i++) {
      trigrams.put(in.getLong(), in.getBitmap());
    }
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
