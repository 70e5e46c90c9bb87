package ai.buena.leads.index;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The e-mail field. Each (lower-cased) address {@code L@D} is split at its one '@': the local part,
 * nearly one per lead, is indexed per document by the trigrams of {@code L@} ({@link
 * DocumentGrams}); the domain, shared by many leads, is a value of a dictionary ({@link
 * TextDictionary}). So a term found in the domain costs its few distinct domains, not one check per
 * lead: {@code search=example} where every address is at example.com.
 *
 * <p>Exact, because {@code D} has no '@': a term without '@' occurs in {@code L@D} when it occurs
 * in {@code L} or in {@code D}; a term {@code t1@t2} (split at its last '@') occurs there when
 * {@code L} ends with {@code t1} (when {@code L@} contains {@code t1@}) and {@code D} starts with
 * {@code t2}, and never when {@code t1} has an '@' too. An address without exactly one '@' (event
 * validation admits none, but the index does not rely on it) is kept apart and checked directly.
 */
final class EmailText implements SearchableText {
  private final IntFunction<String> valueOf;
  private final DocumentGrams localParts;
  private final TextDictionary domains = new TextDictionary();
  /** Docs by the last char of their local part: a term {@code c@...} is one posting. */
  private final Map<Character, RoaringBitmap> lastChars = new HashMap<>();
  private final RoaringBitmap irregular = new RoaringBitmap();

  /** {@code valueOf}: the (lower-cased) address of a doc of the index, for checking candidates. */
  EmailText(IntFunction<String> valueOf) {
    this.valueOf = valueOf;
    this.localParts = new DocumentGrams(valueOf, 3);
  }

  @Override
  public String canonical(String text) {
    return text;
  }

  /** The index of the address's one '@', or -1 when it has none or several. */
  private static int separator(String address) {
    int at = address.indexOf('@');
    return at >= 0 && address.indexOf('@', at + 1) < 0 ? at : -1;
  }

  @Override
  public void add(String text, int doc) {
    if (text == null) {
      return;
    }
    int at = separator(text);
    if (at < 0) {
      irregular.add(doc);
      return;
    }
    localParts.add(text.substring(0, at + 1), doc);
    domains.add(text.substring(at + 1), doc);
    if (at > 0) {
      lastChars.computeIfAbsent(text.charAt(at - 1), c -> new RoaringBitmap()).add(doc);
    }
  }

  @Override
  public void remove(String text, int doc) {
    if (text == null) {
      return;
    }
    int at = separator(text);
    if (at < 0) {
      irregular.remove(doc);
      return;
    }
    localParts.remove(text.substring(0, at + 1), doc);
    domains.remove(text.substring(at + 1), doc);
    if (at > 0) {
      RoaringBitmap docs = lastChars.get(text.charAt(at - 1));
      if (docs != null) {
        docs.remove(doc);
        if (docs.isEmpty()) {
          lastChars.remove(text.charAt(at - 1));
        }
      }
    }
  }

  @Override
  public long estimate(String term) {
    int at = term.lastIndexOf('@');
    long regular =
        at < 0
            ? domains.estimate(term) + localParts.estimate(term)
            : localParts.estimate(term.substring(0, at + 1));
    return regular + irregular.getLongCardinality();
  }

  @Override
  public RoaringBitmap containing(String term, RoaringBitmap within, WorkBudget budget) {
    return containing(term, within, null, budget);
  }

  @Override
  public RoaringBitmap containing(
      String term, RoaringBitmap within, RoaringBitmap known, WorkBudget budget) {
    RoaringBitmap found;
    int at = term.lastIndexOf('@');
    if (at < 0) {
      found = domains.containing(term, within, budget);
      RoaringBitmap skip = known == null ? found : RoaringBitmap.or(known, found);
      found.or(localParts.containing(term, within, skip, budget));
    } else {
      found = withSeparator(term.substring(0, at), term.substring(at + 1), within, budget);
    }
    found.or(irregularContaining(term, within, known, budget));
    return found;
  }

  /** The regular docs whose local part ends with {@code local} and domain starts with {@code domain}. */
  private RoaringBitmap withSeparator(
      String local, String domain, RoaringBitmap within, WorkBudget budget) {
    if (local.indexOf('@') >= 0) {
      return new RoaringBitmap();
    }
    RoaringBitmap docs;
    if (domain.isEmpty()) {
      budget.spend(WorkBudget.bitmapUnits(localParts.docsWithValue()));
      docs = within == null ? localParts.docsWithValue().clone() : RoaringBitmap.and(within, localParts.docsWithValue());
    } else {
      docs = domains.startingWith(domain, within, budget);
    }
    if (local.isEmpty() || docs.isEmpty()) {
      return docs;
    }
    if (local.length() == 1) {
      RoaringBitmap ending = lastChars.get(local.charAt(0));
      if (ending == null) {
        return new RoaringBitmap();
      }
      budget.spend(WorkBudget.bitmapUnits(docs));
      docs.and(ending);
      return docs;
    }
    return localParts.containing(local + "@", docs, budget);
  }

  /** The docs of {@code within} (all when null) with an irregular address containing {@code term}. */
  private RoaringBitmap irregularContaining(
      String term, RoaringBitmap within, RoaringBitmap known, WorkBudget budget) {
    RoaringBitmap found = new RoaringBitmap();
    if (irregular.isEmpty()) {
      return found;
    }
    RoaringBitmap candidates = within == null ? irregular.clone() : RoaringBitmap.and(within, irregular);
    if (known != null) {
      candidates.andNot(known);
    }
    budget.spend(WorkBudget.bitmapUnits(irregular) + candidates.getLongCardinality());
    for (IntIterator docs = candidates.getIntIterator(); docs.hasNext(); ) {
      int doc = docs.next();
      String value = valueOf.apply(doc);
      if (value == null) {
        continue;
      }
      budget.spendContains(value, term);
      if (value.contains(term)) {
        found.add(doc);
      }
    }
    return found;
  }

  @Override
  public void writeTo(SnapshotOutput out) {
    localParts.writeTo(out);
    domains.writeTo(out);
    out.putInt(lastChars.size());
    lastChars.forEach(
        (last, docs) -> {
          out.putInt(last);
          out.putBitmap(docs);
        });
    out.putBitmap(irregular);
  }

  @Override
  public void readFrom(SnapshotInput in) {
    localParts.readFrom(in);
    domains.readFrom(in);
    int count = in.getCount();
    for (int i = 0; i < count; i++) {
      int last = in.getInt();
      if (last < Character.MIN_VALUE || last > Character.MAX_VALUE) {
        throw new CorruptSnapshotException("a last char out of range");
      }
      lastChars.put((char) last, in.getBitmap());
    }
    in.getBitmap(irregular);
  }

  @Override
  public void indexRead() {
    domains.indexRead();
  }

  @Override
  public void writeValue(SnapshotOutput out, String text) {
    out.putString(text);
  }

  @Override
  public String readValue(SnapshotInput in) {
    return in.getString();
  }
}
