package ai.buena.leads.index;

import ai.buena.leads.events.LeadSource;
import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.index.TermCache.Term;
import ai.buena.leads.lead.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.IntPredicate;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * One workspace's leads within one partition: by id, in the order of every {@link IndexedField},
 * as exact sets (bitmaps of doc numbers) per status, per source and per distinct value of each
 * {@link SearchedField} with a trigram index over those values, and counted per status. Each lead
 * has one doc number that every structure shares, so a change touches only
 * the structures whose key it changes. Not thread-safe: {@link PartitionIndex} guards it.
 */
public final class WorkspaceIndex {
  /** A term is cached once finding it would test at least this many values or docs... */
  static final long CACHE_FROM_CANDIDATES = 1_024;
  /** ...in an index of at least this many leads (smaller ones answer any term cheaply). */
  static final int CACHE_FROM_LEADS = 1_024;
  /**
   * An index keeps postings of its text (dictionaries of its values with their trigrams, grams of
   * its e-mail addresses, short grams per doc) and of its days ({@link DayBuckets}) from this many
   * leads on; a smaller one finds a search term by one scan of its leads' text ({@link
   * #searchedText}, ~85 chars a lead), and a title term, a company or a time range by testing each
   * of its leads. Most of a small workspace's heap was these postings, whose values, grams and days
   * belong to a few leads each (docs/benchmarks.md, "Small workspaces without postings"); below
   * 2,048 they still cost 2.5 times the leads' scan (1,000–1,160 bytes a lead against ~400), for
   * searches a few tenths of a millisecond faster (docs/benchmarks.md, "Names shared between
   * indexes").
   */
  static final int POSTINGS_FROM = 2_048;
  /**
   * An index of at least this many leads keeps its postings as well when its searched text is
   * longer than {@link #SCANNED_CHARS_AT_MOST}: a scan costs its chars, and leads with long text
   * (titles of a thousand chars) would make a search of a few thousand leads cost more than the
   * request budget allows.
   */
  static final int POSTINGS_FOR_LONG_TEXT_FROM = 1_024;
  /** About 100 chars a lead at {@link #POSTINGS_FROM} leads; ordinary leads have ~85. */
  static final long SCANNED_CHARS_AT_MOST = 204_800;
  /**
   * An index of fewer leads keeps its orders as arrays of docs ({@link FewLeadOrders}), and no
   * buffer of searched text (a search tests each lead); from this many on, {@link RankedList}s and
   * the buffer, kept from then on.
   */
  static final int ORDERS_FROM = 16;

  /** Leads by doc number; freed numbers are reused, so scans walk a dense array. */
  private final Numbered<LeadSummary> docs = new Numbered<>();
  private final DocsById byId = new DocsById(doc -> docs.get(doc).id());
  /**
   * The docs in the ascending order of each field, read through {@link #docs}: a changed lead's new
   * summary is where the old one was in every order whose value it did not change. Null until the
   * index first holds {@link #ORDERS_FROM} leads.
   */
  private Map<IndexedField, RankedList<LeadSummary>> ordered;
  /** The orders until then; null from then on. */
  private FewLeadOrders fewOrders = new FewLeadOrders();
  private final DocsByOrdinal perStatus = new DocsByOrdinal(LeadStatus.values().length);
  private final DocsByOrdinal perSource = new DocsByOrdinal(LeadSource.values().length);
  /** Null while the postings are not kept: a small index intersects a status's and a source's docs when asked. */
  private StatusSourcePairs perStatusAndSource;
  /** The text fields' dictionaries and the e-mail field's postings; null while the postings are not kept. */
  private Map<SearchedField, SearchableText> text;
  private TextDictionary companies;
  /** Whether the postings are kept ({@link #POSTINGS_FROM}); text, short grams and day buckets are null while not. */
  private boolean postingsKept;
  /**
   * While the postings are not kept: by doc, its five searched fields one after another ({@code
   * '\0'} between them, so no term without one matches across two), for finding a search term in
   * every lead with one scan. Null while the postings are kept, and below {@link #ORDERS_FROM}
   * leads until it first reaches them (a search tests each of a few leads' fields instead).
   */
  private ConcatenatedValues searchedText;
  /** Grams of one or two chars per doc: of the title (for {@code title=}), and of the other four searched fields. */
  private ShortGrams titleGrams;
  private ShortGrams otherGrams;
  private DayBuckets createdDays;
  private DayBuckets contactedDays;
  /** Only where a walk in {@code updatedAt} order may start ({@link #firstPossibleMatch}): no filter reads them. */
  private DayBuckets updatedDays;
  /** Derived from the structures above on demand; not part of the index's state to persist. */
  private final TermCache frequentTerms = new TermCache();
  /** Derived on demand as well, and dropped by every change. */
  private final DateRangeCache dateRanges = new DateRangeCache();
  /** Enum values read once: {@code values()} copies its array at every call, and a load reads millions. */
  private static final SearchedField[] SEARCHED_FIELDS = SearchedField.values();
  private static final IndexedField[] INDEXED_FIELDS = IndexedField.values();
  private static final LeadStatus[] STATUSES = LeadStatus.values();
  private static final LeadSource[] SOURCES = LeadSource.values();

  /** Keeps {@link RankedList}s of its orders from then on (made from {@link #fewOrders}). */
  private void keepOrders() {
    ordered = new EnumMap<>(IndexedField.class);
    for (IndexedField field : IndexedField.values()) {
      ordered.put(field, fewOrders.list(field, docs::get));
    }
    fewOrders = null;
  }

  /** The leads in the ascending order of {@code field}: the index's own list, or one made for this read. */
  private RankedList<LeadSummary> list(IndexedField field) {
    return ordered != null ? ordered.get(field) : fewOrders.list(field, docs::get);
  }

  /** Empty dictionaries (with trigrams, or only to write values) and e-mail postings. */
  private Map<SearchedField, SearchableText> newText(boolean trigrams) {
    Map<SearchedField, SearchableText> fields = new EnumMap<>(SearchedField.class);
    for (SearchedField field : SEARCHED_FIELDS) {
      fields.put(
          field,
          field.valuePerLead()
              ? new EmailText(doc -> field.of(docs.get(doc)))
              : new TextDictionary(trigrams));
    }
    return fields;
  }

  private void useText(Map<SearchedField, SearchableText> fields) {
    text = fields;
    companies = fields == null ? null : (TextDictionary) fields.get(SearchedField.COMPANY);
  }

  /**
   * The lead as the index keeps it: text lower-cased ({@code Locale.ROOT}) and, where another
   * lead of the workspace has the same value, the very same string; a name, company or title is
   * also the instance other indexes hold where {@link SharedText} has it.
   */
  LeadSummary summarize(Lead lead) {
    return new LeadSummary(
        lead.id(),
        lead.status(),
        lead.source(),
        canonical(SearchedField.FIRST_NAME, lead.firstName()),
        canonical(SearchedField.LAST_NAME, lead.lastName()),
        canonical(SearchedField.EMAIL, lead.email()),
        canonical(SearchedField.COMPANY, lead.company()),
        canonical(SearchedField.TITLE, lead.title()),
        lead.createdAt(),
        lead.updatedAt(),
        lead.lastContactedAt());
  }

  private String canonical(SearchedField field, String value) {
    if (value == null) {
      return null;
    }
    String lower = LowerCase.of(value);
    String shared = field.valuePerLead() ? lower : SharedText.of(lower);
    return text == null ? shared : text.get(field).canonical(shared);
  }

  /**
   * Adds a lead that is not in the index yet, except to the ordered lists: {@link #sortAll} puts
   * every lead added so into them at once, faster than one by one when an index is rebuilt.
   */
  void putUnordered(LeadSummary lead) {
    if (byId.get(lead.id()) >= 0) {
      throw new IllegalArgumentException("already indexed: " + lead.id());
    }
    lead.doc = docs.add(lead);
    byId.add(lead.id(), lead.doc);
    addToSets(lead.doc, lead);
  }

  /** Fills the ordered lists with every lead, sorted once per field. */
  void sortAll() {
    List<LeadSummary> leads = new ArrayList<>(byId.size());
    for (int doc = 0; doc < docs.limit(); doc++) {
      LeadSummary lead = docs.get(doc);
      if (lead != null) {
        leads.add(lead);
      }
    }
    if (ordered == null && leads.size() >= ORDERS_FROM) {
      keepOrders();
    }
    int[] sortedDocs = new int[leads.size()];
    for (IndexedField field : IndexedField.values()) {
      leads.sort(field.ascending());
      if (ordered != null) {
        ordered.get(field).fill(leads);
        continue;
      }
      for (int i = 0; i < sortedDocs.length; i++) {
        sortedDocs[i] = leads.get(i).doc;
      }
      fewOrders.fill(field, sortedDocs, sortedDocs.length);
    }
  }

  void put(LeadSummary lead) {
    dateRanges.clear();
    LeadSummary previous = summaryOf(lead.id());
    if (previous == null) {
      lead.doc = docs.add(lead);
      byId.add(lead.id(), lead.doc);
      addToSets(lead.doc, lead);
      if (ordered != null) {
        for (RankedList<LeadSummary> set : ordered.values()) {
          set.add(lead);
        }
      } else {
        fewOrders.add(lead, docs::get);
        if (size() >= ORDERS_FROM) {
          keepOrders();
        }
      }
      return;
    }
    lead.doc = previous.doc;
    changeSets(lead.doc, previous, lead);
    if (ordered == null) {
      fewOrders.remove(lead.doc);
      docs.set(lead.doc, lead);
      fewOrders.add(lead, docs::get);
      return;
    }
    // the lists hold doc numbers and read the summaries through docs: an order whose value did not
    // change needs nothing, the others take the doc out while it still reads as before
    int moved = 0;
    for (IndexedField field : INDEXED_FIELDS) {
      if (!previous.sameValue(field, lead)) {
        ordered.get(field).remove(previous);
        moved |= 1 << field.ordinal();
      }
    }
    docs.set(lead.doc, lead);
    for (IndexedField field : INDEXED_FIELDS) {
      if ((moved & 1 << field.ordinal()) != 0) {
        ordered.get(field).add(lead);
      }
    }
    if (!postingsKept && postingsDue()) {
      keepPostings();
    }
  }

  /** Whether the index is large enough, or its text long enough, to keep its postings. */
  private boolean postingsDue() {
    return size() >= POSTINGS_FROM
        || (size() >= POSTINGS_FOR_LONG_TEXT_FROM && scannedChars() > SCANNED_CHARS_AT_MOST);
  }

  /** The chars a scan of the leads' searched text reads: the buffer's, or the leads' while there is none. */
  private long scannedChars() {
    if (searchedText != null) {
      return searchedText.length();
    }
    long chars = 0;
    for (int doc = 0, limit = docs.limit(); doc < limit; doc++) {
      LeadSummary lead = docs.get(doc);
      if (lead != null) {
        for (SearchedField field : SEARCHED_FIELDS) {
          String value = field.of(lead);
          chars += value == null ? 0 : value.length() + 1;
        }
      }
    }
    return chars;
  }

  void remove(String leadId) {
    dateRanges.clear();
    int doc = byId.remove(leadId);
    if (doc < 0) {
      return;
    }
    LeadSummary lead = docs.get(doc);
    removeFromSets(doc, lead);
    if (ordered != null) {
      for (RankedList<LeadSummary> set : ordered.values()) {
        set.remove(lead);
      }
    } else {
      fewOrders.remove(doc);
    }
    docs.remove(doc);
  }

  private void addToSets(int doc, LeadSummary lead) {
    perStatus.add(lead.status().ordinal(), doc);
    if (lead.source() != null) {
      perSource.add(lead.source().ordinal(), doc);
    }
    if (postingsKept) {
      perStatusAndSource.add(doc, lead.status(), lead.source());
      addText(text, doc, lead);
      titleGrams.add(doc, lead.title());
      otherGrams.add(doc, otherText(lead));
      addDays(doc, lead);
    } else {
      if (searchedText != null) {
        searchedText.add(doc, searchedTextOf(lead));
      } else if (size() >= ORDERS_FROM) {
        keepSearchedText();
      }
      // after the lead's text is in the buffer: a snapshot written without postings is then one
      // whose leads a load finds no reason to keep them for
      if (postingsDue()) {
        keepPostings();
      }
    }
    frequentTerms.leadChanged(doc, null, lead);
  }

  private void removeFromSets(int doc, LeadSummary lead) {
    perStatus.remove(lead.status().ordinal(), doc);
    if (lead.source() != null) {
      perSource.remove(lead.source().ordinal(), doc);
    }
    if (!postingsKept) {
      if (searchedText != null) {
        searchedText.remove(doc);
      }
    } else {
      perStatusAndSource.remove(doc, lead.status(), lead.source());
      for (Map.Entry<SearchedField, SearchableText> field : text.entrySet()) {
        field.getValue().remove(field.getKey().of(lead), doc);
      }
      titleGrams.remove(doc, lead.title());
      otherGrams.remove(doc, otherText(lead));
      createdDays.remove(lead.createdAt(), doc, lead.status());
      contactedDays.remove(lead.lastContactedAt(), doc, lead.status());
      updatedDays.remove(lead.updatedAt(), doc, lead.status());
    }
    frequentTerms.leadChanged(doc, lead, null);
  }

  private void changeSets(int doc, LeadSummary previous, LeadSummary lead) {
    if (previous.status() != lead.status()) {
      perStatus.remove(previous.status().ordinal(), doc);
      perStatus.add(lead.status().ordinal(), doc);
    }
    if (previous.source() != lead.source()) {
      if (previous.source() != null) {
        perSource.remove(previous.source().ordinal(), doc);
      }
      if (lead.source() != null) {
        perSource.add(lead.source().ordinal(), doc);
      }
    }
    if (postingsKept && (previous.status() != lead.status() || previous.source() != lead.source())) {
      perStatusAndSource.remove(doc, previous.status(), previous.source());
      perStatusAndSource.add(doc, lead.status(), lead.source());
    }
    boolean textChanged = false;
    for (SearchedField field : SEARCHED_FIELDS) {
      String before = field.of(previous);
      String after = field.of(lead);
      if (!Objects.equals(before, after)) {
        textChanged = true;
        if (postingsKept) {
          text.get(field).remove(before, doc);
          text.get(field).add(after, doc);
        }
      }
    }
    if (textChanged) {
      frequentTerms.leadChanged(doc, previous, lead);
    }
    if (textChanged && !postingsKept) {
      if (searchedText != null) {
        searchedText.remove(doc);
        searchedText.add(doc, searchedTextOf(lead));
      }
    } else if (textChanged) {
      if (!Objects.equals(previous.title(), lead.title())) {
        titleGrams.change(doc, new String[] {previous.title()}, new String[] {lead.title()});
      }
      String[] before = otherText(previous);
      String[] after = otherText(lead);
      if (!Arrays.equals(before, after)) {
        otherGrams.change(doc, before, after);
      }
    }
    if (postingsKept) {
      changeDays(createdDays, doc, previous.createdAt(), lead.createdAt(), previous.status(), lead.status());
      changeDays(
          contactedDays, doc, previous.lastContactedAt(), lead.lastContactedAt(), previous.status(), lead.status());
      changeDays(updatedDays, doc, previous.updatedAt(), lead.updatedAt(), previous.status(), lead.status());
    }
  }

  /** A lead's five searched fields (lower-cased), those it has, separated. */
  private static String searchedTextOf(LeadSummary lead) {
    StringBuilder joined = new StringBuilder();
    for (SearchedField field : SEARCHED_FIELDS) {
      String value = field.of(lead);
      if (value != null) {
        if (!joined.isEmpty()) {
          joined.append(ConcatenatedValues.SEPARATOR);
        }
        joined.append(value);
      }
    }
    return joined.toString();
  }

  private static void addText(Map<SearchedField, SearchableText> fields, int doc, LeadSummary lead) {
    for (Map.Entry<SearchedField, SearchableText> field : fields.entrySet()) {
      field.getValue().add(field.getKey().of(lead), doc);
    }
  }

  private void addDays(int doc, LeadSummary lead) {
    createdDays.add(lead.createdAt(), doc, lead.status());
    contactedDays.add(lead.lastContactedAt(), doc, lead.status());
    updatedDays.add(lead.updatedAt(), doc, lead.status());
  }

  private static void changeDays(
      DayBuckets days, int doc, Instant was, Instant is, LeadStatus statusWas, LeadStatus statusIs) {
    if (was == null || is == null ? was != is : DayBuckets.dayOf(was) != DayBuckets.dayOf(is)) {
      days.remove(was, doc, statusWas);
      days.add(is, doc, statusIs);
    } else {
      days.restatus(is, doc, statusWas, statusIs);
    }
  }

  /** Builds the postings from the leads held, and keeps them from now on. */
  private void keepPostings() {
    postingsKept = true;
    searchedText = null;
    perStatusAndSource = new StatusSourcePairs(perStatus, perSource);
    useText(newText(true));
    titleGrams = new ShortGrams();
    otherGrams = new ShortGrams();
    newDays();
    for (IntIterator each = liveDocs().getIntIterator(); each.hasNext(); ) {
      int doc = each.next();
      LeadSummary lead = docs.get(doc);
      addText(text, doc, lead);
      titleGrams.add(doc, lead.title());
      otherGrams.add(doc, otherText(lead));
      addDays(doc, lead);
    }
  }

  private void newDays() {
    createdDays = new DayBuckets(perStatus);
    contactedDays = new DayBuckets(perStatus);
    updatedDays = new DayBuckets(perStatus);
  }

  /** Lets go of the postings, for the buffer of searched text: a small index scans and tests its leads. */
  private void dropPostings() {
    postingsKept = false;
    perStatusAndSource = null;
    useText(null);
    searchedText = null;
    if (size() >= ORDERS_FROM) {
      keepSearchedText();
    }
    titleGrams = null;
    otherGrams = null;
    createdDays = null;
    contactedDays = null;
    updatedDays = null;
  }

  /** Builds {@link #searchedText} from the leads held, and keeps it current from then on. */
  private void keepSearchedText() {
    searchedText = new ConcatenatedValues();
    for (IntIterator each = liveDocs().getIntIterator(); each.hasNext(); ) {
      int doc = each.next();
      searchedText.add(doc, searchedTextOf(docs.get(doc)));
    }
  }

  /** The doc numbers of the leads held. */
  private RoaringBitmap liveDocs() {
    return liveDocsWhere(doc -> true);
  }

  /** The doc numbers of the leads held that pass {@code test}. */
  private RoaringBitmap liveDocsWhere(IntPredicate test) {
    RoaringBitmap live = new RoaringBitmap();
    for (int doc = 0, limit = docs.limit(); doc < limit; doc++) {
      if (docs.get(doc) != null && test.test(doc)) {
        live.add(doc);
      }
    }
    return live;
  }

  /** The searched fields' values of {@code lead} other than its title. */
  private static String[] otherText(LeadSummary lead) {
    return new String[] {lead.firstName(), lead.lastName(), lead.email(), lead.company()};
  }

  /**
   * Writes this index to a snapshot: its text indexes, its leads by doc number, the doc numbers in
   * each order, and its bitmaps. Derived caches are not written: they are rebuilt on use.
   */
  void writeTo(SnapshotOutput out) {
    // a small index writes its values' dictionaries without trigrams and no other postings: the
    // format is that of an index whose postings are none
    Map<SearchedField, SearchableText> written = postingsKept ? text : valuesOnly();
    for (SearchedField field : SEARCHED_FIELDS) {
      written.get(field).writeTo(out);
    }
    (postingsKept ? titleGrams : new ShortGrams()).writeTo(out);
    (postingsKept ? otherGrams : new ShortGrams()).writeTo(out);
    docs.writeTo(out, lead -> writeSummary(out, lead, written));
    for (IndexedField field : IndexedField.values()) {
      if (ordered == null) {
        int[] inOrder = fewOrders.docs(field);
        out.putInt(inOrder.length);
        for (int doc : inOrder) {
          out.putInt(doc);
        }
        continue;
      }
      RankedList<LeadSummary> list = list(field);
      out.putInt(list.size());
      for (Iterator<LeadSummary> leads = list.ascendingFrom(0); leads.hasNext(); ) {
        out.putInt(leads.next().doc);
      }
    }
    perStatus.writeTo(out);
    perSource.writeTo(out);
    DayBuckets none = postingsKept ? null : new DayBuckets(perStatus);
    (postingsKept ? createdDays : none).writeTo(out);
    (postingsKept ? contactedDays : none).writeTo(out);
    (postingsKept ? updatedDays : none).writeTo(out);
  }

  /** A small index's values in dictionaries without trigrams (and no e-mail postings), to write. */
  private Map<SearchedField, SearchableText> valuesOnly() {
    Map<SearchedField, SearchableText> fields = newText(false);
    for (IntIterator each = liveDocs().getIntIterator(); each.hasNext(); ) {
      int doc = each.next();
      for (SearchedField field : SEARCHED_FIELDS) {
        if (!field.valuePerLead()) {
          fields.get(field).add(field.of(docs.get(doc)), doc);
        }
      }
    }
    return fields;
  }

  private void writeSummary(SnapshotOutput out, LeadSummary lead, Map<SearchedField, SearchableText> fields) {
    out.putString(lead.id());
    out.putByte(lead.status().ordinal());
    out.putByte(lead.source() == null ? -1 : lead.source().ordinal());
    for (SearchedField field : SEARCHED_FIELDS) {
      fields.get(field).writeValue(out, field.of(lead));
    }
    out.putInstant(lead.createdAt());
    out.putInstant(lead.updatedAt());
    out.putInstant(lead.lastContactedAt());
  }

  /** Fills this empty index with what {@link #writeTo} wrote. */
  void readFrom(SnapshotInput in) {
    useText(newText(true));
    for (SearchedField field : SEARCHED_FIELDS) {
      text.get(field).readFrom(in);
    }
    titleGrams = new ShortGrams();
    otherGrams = new ShortGrams();
    titleGrams.readFrom(in);
    otherGrams.readFrom(in);
    postingsKept = true;
    searchedText = null;
    String[] values = new String[SEARCHED_FIELDS.length];
    long[] seconds = new long[3];
    int[] nanos = new int[3];
    docs.readFrom(
        in,
        doc -> {
          LeadSummary lead = readSummary(in, values, seconds, nanos);
          lead.doc = doc;
          return lead;
        });
    byId.expect(docs.limit());
    for (int doc = 0; doc < docs.limit(); doc++) {
      LeadSummary lead = docs.get(doc);
      if (lead != null && !byId.add(lead.id(), doc)) {
        throw new CorruptSnapshotException("a lead twice in one workspace");
      }
    }
    int[] sortedDocs = new int[byId.size()];
    if (byId.size() >= ORDERS_FROM) {
      keepOrders();
    }
    for (IndexedField field : IndexedField.values()) {
      int size = in.getCount();
      if (size != byId.size()) {
        throw new CorruptSnapshotException("an order of " + size + " leads for " + byId.size());
      }
      for (int i = 0; i < size; i++) {
        int doc = in.getInt();
        requireListed(doc, "an order naming a lead that is not there");
        sortedDocs[i] = doc;
      }
      if (ordered != null) {
        ordered.get(field).fill(sortedDocs, size);
      } else {
        fewOrders.fill(field, sortedDocs, size);
      }
    }
    perStatus.readFrom(in, "statuses");
    perSource.readFrom(in, "sources");
    newDays();
    createdDays.readFrom(in);
    contactedDays.readFrom(in);
    updatedDays.readFrom(in);
    // a file written without postings has no created days (every lead has a creation time): its
    // leads may still make the postings due (written by another rule); never keep absent ones. One
    // written with postings has created days unless it has no lead, and then drops nothing real
    if (!postingsDue() || createdDays.isEmpty()) {
      dropPostings();
    } else {
      for (SearchableText field : text.values()) {
        field.indexRead();
      }
      perStatusAndSource = new StatusSourcePairs(perStatus, perSource);
    }
  }

  /** That a snapshot names a doc that holds a lead; {@code corruption} says what is wrong when none does. */
  private void requireListed(int doc, String corruption) {
    if (doc < 0 || doc >= docs.limit() || docs.get(doc) == null) {
      throw new CorruptSnapshotException(corruption);
    }
  }

  /**
   * Reads one summary; {@code values}, {@code seconds} and {@code nanos} are scratch space for its
   * text (one per searched field) and its three instants.
   */
  private LeadSummary readSummary(SnapshotInput in, String[] values, long[] seconds, int[] nanos) {
    String id = in.getString();
    LeadStatus status = enumAt(STATUSES, in.getByte());
    int source = in.getByte();
    for (SearchedField field : SEARCHED_FIELDS) {
      values[field.ordinal()] = text.get(field).readValue(in);
    }
    for (int time = 0; time < 3; time++) {
      in.getTime(seconds, nanos, time);
    }
    if (id == null) {
      throw new CorruptSnapshotException("a lead without an id");
    }
    return new LeadSummary(
        id, status, source == -1 ? null : enumAt(SOURCES, source), values, seconds, nanos);
  }

  private static <E> E enumAt(E[] values, int ordinal) {
    if (ordinal < 0 || ordinal >= values.length) {
      throw new CorruptSnapshotException("an unknown status or source");
    }
    return values[ordinal];
  }

  public int size() {
    return byId.size();
  }

  public long count(LeadStatus status) {
    return perStatus.count(status.ordinal());
  }

  /**
   * How many leads have a value of the time field {@code field} strictly between {@code after}
   * and {@code before} (null: unbounded on that side), from two ranks in its order.
   */
  public int countBetween(IndexedField field, Instant after, Instant before) {
    RankedList<LeadSummary> list = list(field);
    int from = after == null ? 0 : list.rank(field.probe(after.plusNanos(1)), false);
    int to = before == null ? withValue(field) : list.rank(field.probe(before), false);
    return Math.max(0, to - from);
  }

  /**
   * How many leads of {@code status} have a value of the time field {@code field} ({@code
   * createdAt} or {@code lastContactedAt}) strictly between {@code after} and {@code before}
   * (null: unbounded on that side), from the day buckets without building the range's bitmap;
   * each lead of the status on a bound's day is tested, and charged to {@code budget}.
   */
  public long countBetween(
      LeadStatus status, IndexedField field, Instant after, Instant before, WorkBudget budget) {
    IntPredicate within = timeWithin(field, after, before, budget);
    if (!postingsKept) {
      long count = 0;
      for (IntIterator each = perStatus.iterator(status.ordinal()); each.hasNext(); ) {
        if (within.test(each.next())) {
          count++;
        }
      }
      return count;
    }
    return daysOf(field).countWithin(after, before, status, within, budget);
  }

  private DayBuckets daysOf(IndexedField field) {
    return switch (field) {
      case CREATED_AT -> createdDays;
      case LAST_CONTACTED_AT -> contactedDays;
      default -> throw new IllegalArgumentException(field + " has no day buckets");
    };
  }

  /** Whether a doc on a bound's day has its time within the bounds; each test charged to the budget. */
  private IntPredicate timeWithin(IndexedField field, Instant after, Instant before, WorkBudget budget) {
    return doc -> {
      budget.spend(1);
      return docs.get(doc).timeWithin(field, after, before);
    };
  }

  private void andBetween(Matches matches, DateRangeCache.Range range, WorkBudget budget) {
    IndexedField field = range.field();
    Instant after = range.after();
    Instant before = range.before();
    if (after == null && before == null) {
      return;
    }
    RoaringBitmap docs = dateRanges.get(range);
    if (docs == null) {
      IntPredicate within = timeWithin(field, after, before, budget);
      docs = postingsKept ? daysOf(field).between(after, before, within, budget) : liveDocsWhere(within);
      docs.runOptimize();
      dateRanges.put(range, docs, byId.size());
    } else {
      budget.spend(1);
    }
    matches.andShared(docs);
  }

  /**
   * The docs of {@code selected} (a status's, a source's or a pair's; null: every lead) within the
   * criteria's date ranges, to read only; {@code selected} itself when no date bounds. An AND of
   * the two is cached until the index changes, as the ranges are.
   */
  private RoaringBitmap selectedWithinDates(
      Criteria criteria, RoaringBitmap selected, WorkBudget budget) {
    DateRangeCache.Range created =
        new DateRangeCache.Range(IndexedField.CREATED_AT, criteria.createdAfter(), criteria.createdBefore());
    DateRangeCache.Range contacted =
        new DateRangeCache.Range(
            IndexedField.LAST_CONTACTED_AT, criteria.lastContactedAfter(), criteria.lastContactedBefore());
    if (created.after() == null && created.before() == null
        && contacted.after() == null && contacted.before() == null) {
      return selected;
    }
    DateRangeCache.Filtered key =
        new DateRangeCache.Filtered(criteria.status(), criteria.source(), created, contacted);
    RoaringBitmap cached = dateRanges.get(key);
    if (cached != null) {
      budget.spend(1);
      return cached;
    }
    Matches within = new Matches();
    if (selected != null) {
      within.andShared(selected);
    }
    andBetween(within, created, budget);
    andBetween(within, contacted, budget);
    if (!within.shared) {
      // a new bitmap (an AND): the index's own or a cached range is not cached again
      dateRanges.put(key, within.docs, byId.size());
    }
    return within.docs;
  }

  /** Whether {@code lead} is, unchanged, what this index holds for its id now. */
  public boolean holdsAsIs(LeadSummary lead) {
    return summaryOf(lead.id()) == lead;
  }

  private LeadSummary summaryOf(String leadId) {
    int doc = byId.get(leadId);
    return doc < 0 ? null : docs.get(doc);
  }

  /** The lead with doc number {@code doc}, one of those a {@link #matchingToRead} bitmap holds. */
  public LeadSummary lead(int doc) {
    return docs.get(doc);
  }

  /**
   * The doc numbers of the leads matching every criterion given, exactly; {@code null} when none
   * is given. The work is charged to {@code budget}: the bitmap filters first, then the text terms
   * from the one that tests the fewest values, each intersected with the matches so far, and
   * tested lead by lead once the matches are fewer than its candidate values.
   *
   * <p>When one of the index's own bitmaps (a status's, a status and source pair's, a cached
   * term's...) is the whole answer, it is handed over without a copy: the answer is to read only,
   * and only while this index does not change (under the workspace's read lock, or at the same
   * {@link PartitionIndex.View#version}).
   */
  public RoaringBitmap matchingToRead(Criteria criteria, WorkBudget budget) {
    return narrowed(criteria, budget).peek();
  }

  private Matches narrowed(Criteria criteria, WorkBudget budget) {
    Matches matches = new Matches();
    List<RoaringBitmap> shared = new ArrayList<>(3);
    RoaringBitmap selected = null;
    if (criteria.status() != null && criteria.source() != null) {
      selected =
          postingsKept
              ? perStatusAndSource.of(criteria.status(), criteria.source())
              : RoaringBitmap.and(
                  perStatus.of(criteria.status().ordinal()), perSource.of(criteria.source().ordinal()));
    } else if (criteria.status() != null) {
      selected = perStatus.of(criteria.status().ordinal());
    } else if (criteria.source() != null) {
      selected = perSource.of(criteria.source().ordinal());
    }
    RoaringBitmap selectedWithinDates = selectedWithinDates(criteria, selected, budget);
    if (selectedWithinDates != null) {
      shared.add(selectedWithinDates);
    }
    if (criteria.company() != null && !postingsKept) {
      String wanted = criteria.company();
      budget.spend(1 + docs.limit() / TextDictionary.IDS_PER_UNIT);
      matches.andFresh(liveDocsWhere(doc -> wanted.equals(docs.get(doc).company())));
    } else if (criteria.company() != null) {
      RoaringBitmap company = companies.equalToShared(criteria.company());
      if (company != null) {
        shared.add(company);
      } else {
        matches.andFresh(companies.equalTo(criteria.company()));
      }
    }
    // smallest first: the first intersection, the one new bitmap, is at most the smallest's size
    shared.sort(Comparator.comparingLong(RoaringBitmap::getLongCardinality));
    for (RoaringBitmap bitmap : shared) {
      matches.andShared(bitmap);
    }
    List<Term> terms = new ArrayList<>();
    if (criteria.titlePart() != null) {
      terms.add(new Term(criteria.titlePart(), List.of(SearchedField.TITLE)));
    }
    for (String term : criteria.searchTerms()) {
      terms.add(new Term(term, List.of(SearchedField.values())));
    }
    if (!postingsKept) {
      return narrowedByTests(matches, terms, budget);
    }
    for (Term term : bySelectivity(terms)) {
      RoaringBitmap sofar = matches.peek();
      if (sofar != null && sofar.isEmpty()) {
        return matches;
      }
      if (isShort(term)) {
        RoaringBitmap found = shortTermDocs(term, budget);
        chargeAnd(sofar, found, budget);
        if (term.fields().size() == 1) {
          matches.andShared(found);
        } else {
          matches.andFresh(found);
        }
        continue;
      }
      RoaringBitmap cached = frequentTerms.get(term);
      if (cached != null) {
        chargeAnd(sofar, cached, budget);
        matches.andShared(cached);
      } else if (sofar != null
          && sofar.getLongCardinality() * term.fields().size() <= candidatesAtMost(term)) {
        matches.replaceWith(leadsContaining(sofar, term, budget));
      } else if (worthCaching(term)) {
        RoaringBitmap all = docsOfValuesContaining(null, term, budget);
        frequentTerms.put(term, all, size());
        chargeAnd(sofar, all, budget);
        matches.andShared(all);
      } else {
        matches.replaceWith(docsOfValuesUncached(sofar, term, budget));
      }
    }
    return matches;
  }

  /**
   * A small index's matches of {@code terms}: each lead tested, the longest term first (the likeliest
   * to narrow the most), then only the leads it left.
   */
  private Matches narrowedByTests(Matches matches, List<Term> terms, WorkBudget budget) {
    List<Term> longestFirst = new ArrayList<>(terms);
    longestFirst.sort(Comparator.comparingInt((Term term) -> term.text().length()).reversed());
    for (Term term : longestFirst) {
      RoaringBitmap sofar = matches.peek();
      if (sofar != null && sofar.isEmpty()) {
        break;
      }
      long tests = (sofar == null ? size() : sofar.getLongCardinality()) * term.fields().size();
      long scan = searchedTextScanCost(term);
      if (scan >= 0 && scan < tests) {
        budget.spend(scan);
        ConcatenatedValues.Found found = searchedText.containing(term.text());
        RoaringBitmap docsFound = new RoaringBitmap();
        docsFound.addN(found.ids(), 0, found.count());
        matches.andFresh(docsFound);
        continue;
      }
      if (sofar == null) {
        budget.spend(1 + docs.limit() / TextDictionary.IDS_PER_UNIT);
      }
      matches.replaceWith(leadsContaining(sofar == null ? liveDocs() : sofar, term, budget));
    }
    return matches;
  }

  /**
   * The units of one scan of {@link #searchedText} for a search term (priced as a dictionary's
   * scan, {@link TextDictionary}), or -1 when it cannot answer it: a title term, or one with a
   * separator, or in an index too small to keep the buffer.
   */
  private long searchedTextScanCost(Term term) {
    if (searchedText == null
        || term.fields().size() != SEARCHED_FIELDS.length || !ConcatenatedValues.searchable(term.text())) {
      return -1;
    }
    long scans = 1 + searchedText.length() / TextDictionary.SCANNED_CHARS_PER_UNIT;
    return scans * ((term.text().length() + 15) / 16) + size() / TextDictionary.FOUND_PER_UNIT;
  }

  /**
   * The terms, those with the fewest candidates first. Each term's count is taken once before the
   * sort: other readers cache and evict terms ({@link TermCache}) while this one sorts, and a count
   * that changed during the sort made it throw ("Comparison method violates its general contract").
   */
  private List<Term> bySelectivity(List<Term> terms) {
    List<Map.Entry<Term, Long>> counted = new ArrayList<>(terms.size());
    for (Term term : terms) {
      counted.add(Map.entry(term, candidatesAtMost(term)));
    }
    counted.sort(Map.Entry.comparingByValue());
    List<Term> sorted = new ArrayList<>(counted.size());
    for (Map.Entry<Term, Long> entry : counted) {
      sorted.add(entry.getKey());
    }
    return sorted;
  }

  /**
   * The matches so far, narrowed criterion by criterion. An index's own bitmap (a status's, a
   * source's, a cached term's) is taken as it is and never changed: the first intersection makes a
   * new bitmap, of the intersection only, so no criterion's whole bitmap is copied; when it is the
   * only one given, it is the answer itself.
   */
  private static final class Matches {
    private RoaringBitmap docs;
    private boolean shared;

    /** AND an index's own bitmap, which stays unchanged. */
    void andShared(RoaringBitmap indexOwned) {
      if (docs == null) {
        docs = indexOwned;
        shared = true;
      } else if (shared) {
        docs = RoaringBitmap.and(docs, indexOwned);
        shared = false;
      } else {
        docs.and(indexOwned);
      }
    }

    /** AND a bitmap nobody else holds (it becomes the matches). */
    void andFresh(RoaringBitmap fresh) {
      if (docs != null) {
        fresh.and(docs);
      }
      docs = fresh;
      shared = false;
    }

    /** The matches become {@code fresh}, already narrowed by them. */
    void replaceWith(RoaringBitmap fresh) {
      docs = fresh;
      shared = false;
    }

    /** The matches so far (null: no criterion yet), to read only. */
    RoaringBitmap peek() {
      return docs;
    }
  }

  /**
   * Whether finding {@code term} in the whole index once, to cache it, is worth it: it tests many
   * values or docs, or it was found in many docs before (few values shared by many leads: OR-ing
   * their docs costs as much), so every later query with it saves as much work.
   */
  private boolean worthCaching(Term term) {
    return size() >= CACHE_FROM_LEADS
        && term.text().length() <= TermCache.MAX_TERM_LENGTH
        && (candidatesAtMost(term) >= CACHE_FROM_CANDIDATES || frequentTerms.rememberedFrequent(term));
  }

  /**
   * The docs of the values containing a term not worth caching by its estimate; when they turn out
   * many, the term is cached (found in the whole index) or remembered to be cached when next asked.
   */
  private RoaringBitmap docsOfValuesUncached(RoaringBitmap within, Term term, WorkBudget budget) {
    RoaringBitmap found = docsOfValuesContaining(within, term, budget);
    if (size() >= CACHE_FROM_LEADS && found.getLongCardinality() >= CACHE_FROM_CANDIDATES) {
      if (within == null) {
        frequentTerms.put(term, found.clone(), size());
      } else {
        frequentTerms.rememberFrequent(term);
      }
    }
    return found;
  }

  /**
   * Charges intersecting {@code sofar} (null: none yet) with {@code all}: the smaller one's
   * bitmap units, or {@code all}'s when it is the first criterion (as its copy cost).
   */
  private static void chargeAnd(RoaringBitmap sofar, RoaringBitmap all, WorkBudget budget) {
    if (sofar == null) {
      budget.spend(WorkBudget.bitmapUnits(all));
    } else {
      budget.spend(WorkBudget.bitmapUnits(sofar.getLongCardinality() < all.getLongCardinality() ? sofar : all));
    }
  }

  /** Whether {@code term} has one or two chars: then its short grams' postings answer it exactly. */
  private static boolean isShort(Term term) {
    return term.text().length() <= 2;
  }

  /**
   * The docs of a term of one or two chars, from the postings of its gram: the title's, and for a
   * search term the other fields' too. Read-only for a title term; the caller must not change it.
   */
  private RoaringBitmap shortTermDocs(Term term, WorkBudget budget) {
    RoaringBitmap inTitle = titleGrams.containing(term.text());
    if (term.fields().equals(List.of(SearchedField.TITLE))) {
      return inTitle;
    }
    if (term.fields().size() != SEARCHED_FIELDS.length) {
      throw new IllegalArgumentException("a term is looked for in its title or in every searched field");
    }
    RoaringBitmap elsewhere = otherGrams.containing(term.text());
    budget.spend(WorkBudget.bitmapUnits(inTitle) + WorkBudget.bitmapUnits(elsewhere));
    return RoaringBitmap.or(inTitle, elsewhere);
  }

  /** The docs a cached term has, or at most how many values or docs finding it tests. */
  private long candidatesAtMost(Term term) {
    if (isShort(term)) {
      RoaringBitmap inTitle = titleGrams.containing(term.text());
      return term.fields().size() == 1
          ? inTitle.getLongCardinality()
          : inTitle.getLongCardinality() + otherGrams.containing(term.text()).getLongCardinality();
    }
    RoaringBitmap cached = frequentTerms.peek(term);
    if (cached != null) {
      return cached.getLongCardinality();
    }
    long candidates = 0;
    for (SearchedField field : term.fields()) {
      candidates += text.get(field).estimate(term.text());
    }
    return candidates;
  }

  /**
   * The docs of the values that contain the term, within {@code within} when given. The fields
   * with a dictionary come first: a doc found there is not checked again in a field whose docs are
   * checked one by one (an e-mail address made of the first name that matched already).
   */
  private RoaringBitmap docsOfValuesContaining(RoaringBitmap within, Term term, WorkBudget budget) {
    RoaringBitmap found = new RoaringBitmap();
    for (SearchedField field : term.fields()) {
      if (!field.valuePerLead()) {
        found.or(text.get(field).containing(term.text(), within, budget));
      }
    }
    for (SearchedField field : term.fields()) {
      if (field.valuePerLead()) {
        found.or(text.get(field).containing(term.text(), within, found, budget));
      }
    }
    return found;
  }

  /** The docs of {@code candidates} whose lead has the term in one of its fields, lead by lead. */
  private RoaringBitmap leadsContaining(RoaringBitmap candidates, Term term, WorkBudget budget) {
    budget.spend(candidates.getLongCardinality() * term.fields().size());
    int[] kept = new int[candidates.getCardinality()];
    int count = 0;
    for (IntIterator it = candidates.getIntIterator(); it.hasNext(); ) {
      int doc = it.next();
      if (term.foundIn(docs.get(doc), budget)) {
        kept[count++] = doc;
      }
    }
    RoaringBitmap found = new RoaringBitmap();
    found.addN(kept, 0, count);
    return found;
  }

  /**
   * Every lead in the order of {@code field}: ascending or descending by value, and in both
   * directions the leads without a value last (ties by id in the same direction).
   */
  public Iterator<LeadSummary> inOrder(IndexedField field, boolean ascending) {
    return order(field, ascending).from(0);
  }

  /** The leads in the answer order of {@code field} and direction, by position. */
  public AnswerOrder order(IndexedField field, boolean ascending) {
    RankedList<LeadSummary> list = list(field);
    return ascending ? new Ascending(list) : new Descending(list, field, withValue(field));
  }

  /** The leads in one answer order: positions, and the position a lead would take. */
  public interface AnswerOrder {
    int size();

    LeadSummary get(int position);

    /** How many leads come before {@code lead}, which may belong to another index. */
    int countBefore(LeadSummary lead);

    /** How many leads come before {@code lead} or sort equal to it (a probe's position). */
    int countAtOrBefore(LeadSummary lead);

    /** The leads from {@code position} on. */
    Iterator<LeadSummary> from(int position);

    /**
     * The leads from {@code position} on whose doc number {@code docs} accepts, reading no other
     * lead; each position passed counts against {@code steps}. This default reads every lead.
     */
    default Iterator<LeadSummary> from(int position, IntPredicate docs, WalkSteps steps) {
      Iterator<LeadSummary> all = from(position);
      return new Iterator<>() {
        private LeadSummary found;

        @Override
        public boolean hasNext() {
          while (found == null && all.hasNext() && steps.take()) {
            LeadSummary lead = all.next();
            if (docs.test(lead.doc())) {
              found = lead;
            }
          }
          return found != null;
        }

        @Override
        public LeadSummary next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          LeadSummary next = found;
          found = null;
          return next;
        }
      };
    }

    /**
     * The positions from {@code from} towards the end ({@code forward}) or the start whose lead's
     * doc number {@code docs} accepts, in walking order, written to {@code into} until it is full
     * or the order ends; returns how many. Each position passed counts against {@code steps}.
     * This default reads every lead.
     */
    default int positionsOf(int from, boolean forward, IntPredicate docs, int[] into, WalkSteps steps) {
      int count = 0;
      for (int p = from; p >= 0 && p < size() && count < into.length; p += forward ? 1 : -1) {
        if (steps.left() == 0) {
          steps.passed(0, true);
          break;
        }
        steps.passed(1, false);
        if (docs.test(get(p).doc())) {
          into[count++] = p;
        }
      }
      return count;
    }

    /** The leads from {@code position} back to the first, in reverse answer order. */
    default Iterator<LeadSummary> backwardFrom(int position) {
      return new Iterator<>() {
        private int next = position;

        @Override
        public boolean hasNext() {
          return next >= 0;
        }

        @Override
        public LeadSummary next() {
          return get(next--);
        }
      };
    }
  }

  private record Ascending(RankedList<LeadSummary> list) implements AnswerOrder {
    @Override
    public int size() {
      return list.size();
    }

    @Override
    public LeadSummary get(int position) {
      return list.get(position);
    }

    @Override
    public int countBefore(LeadSummary lead) {
      return list.rank(lead, false);
    }

    @Override
    public int countAtOrBefore(LeadSummary lead) {
      return list.rank(lead, true);
    }

    @Override
    public Iterator<LeadSummary> from(int position) {
      return position >= list.size() ? Collections.emptyIterator() : list.ascendingFrom(position);
    }

    @Override
    public Iterator<LeadSummary> from(int position, IntPredicate docs, WalkSteps steps) {
      return position >= list.size()
          ? Collections.emptyIterator()
          : list.filtered(position, list.size(), true, docs, steps);
    }

    @Override
    public Iterator<LeadSummary> backwardFrom(int position) {
      return position < 0 ? Collections.emptyIterator() : list.descendingFrom(position, 0);
    }

    @Override
    public int positionsOf(int from, boolean forward, IntPredicate docs, int[] into, WalkSteps steps) {
      return list.positionsWithKey(from, forward ? list.size() - 1 : 0, docs, into, 0, steps);
    }
  }

  /** Descending by value, then the leads without a value, descending by id. */
  private record Descending(RankedList<LeadSummary> list, IndexedField field, int withValue)
      implements AnswerOrder {
    @Override
    public int size() {
      return list.size();
    }

    @Override
    public LeadSummary get(int position) {
      return list.get(index(position));
    }

    private int index(int position) {
      return position < withValue ? withValue - 1 - position : list.size() - 1 - (position - withValue);
    }

    @Override
    public int countBefore(LeadSummary lead) {
      return firstAfterGroup(lead) - list.rank(lead, true);
    }

    @Override
    public int countAtOrBefore(LeadSummary lead) {
      return firstAfterGroup(lead) - list.rank(lead, false);
    }

    /** The position after the group (with a value, or without) that {@code lead} belongs to. */
    private int firstAfterGroup(LeadSummary lead) {
      return field.hasValue(lead) ? withValue : withValue + list.size();
    }

    @Override
    public Iterator<LeadSummary> from(int position) {
      if (position >= list.size()) {
        return Collections.emptyIterator();
      }
      if (position >= withValue) {
        return list.descendingFrom(index(position), withValue);
      }
      return concat(list.descendingFrom(index(position), 0), list.descendingFrom(list.size() - 1, withValue));
    }

    @Override
    public Iterator<LeadSummary> from(int position, IntPredicate docs, WalkSteps steps) {
      if (position >= list.size()) {
        return Collections.emptyIterator();
      }
      if (position >= withValue) {
        return list.filtered(index(position), withValue, false, docs, steps);
      }
      return concat(
          list.filtered(index(position), 0, false, docs, steps),
          list.filtered(list.size() - 1, withValue, false, docs, steps));
    }

    @Override
    public Iterator<LeadSummary> backwardFrom(int position) {
      if (position < 0) {
        return Collections.emptyIterator();
      }
      if (position < withValue) {
        return list.ascendingBetween(index(position), withValue);
      }
      return concat(list.ascendingBetween(index(position), list.size()), list.ascendingBetween(0, withValue));
    }

    /**
     * Positions below {@code withValue} are the list's first {@code withValue} indexes backwards,
     * the others its remaining indexes backwards: walked as (at most) two runs of the list.
     */
    @Override
    public int positionsOf(int from, boolean forward, IntPredicate docs, int[] into, WalkSteps steps) {
      if (from < 0 || from >= list.size()) {
        return 0;
      }
      int size = list.size();
      int count;
      if (forward) {
        if (from < withValue) {
          count = list.positionsWithKey(index(from), 0, docs, into, 0, steps);
          count = list.positionsWithKey(size - 1, withValue, docs, into, count, steps);
        } else {
          count = list.positionsWithKey(index(from), withValue, docs, into, 0, steps);
        }
      } else {
        if (from >= withValue) {
          count = list.positionsWithKey(index(from), size - 1, docs, into, 0, steps);
          count = list.positionsWithKey(0, withValue - 1, docs, into, count, steps);
        } else {
          count = list.positionsWithKey(index(from), withValue - 1, docs, into, 0, steps);
        }
      }
      for (int i = 0; i < count; i++) {
        int at = into[i];
        into[i] = at < withValue ? withValue - 1 - at : size - 1 + withValue - at;
      }
      return count;
    }
  }

  private int withValue(IndexedField field) {
    return list(field).rank(field.firstWithoutValue(), false);
  }

  /**
   * The leads strictly after {@code position} in the order of {@code field} and direction (leads
   * without a value last in both directions), as {@link #inOrder} walks them.
   */
  public Iterator<LeadSummary> after(IndexedField field, boolean ascending, LeadSummary position) {
    AnswerOrder order = order(field, ascending);
    return order.from(order.countAtOrBefore(position));
  }

  private static <E> Iterator<E> concat(Iterator<E> first, Iterator<E> then) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return first.hasNext() || then.hasNext();
      }

      @Override
      public E next() {
        return first.hasNext() ? first.next() : then.next();
      }
    };
  }

  /** {@link #inOrder(IndexedField, boolean)}, only the docs {@code docs} accepts (see AnswerOrder). */
  public Iterator<LeadSummary> inOrder(
      IndexedField field, boolean ascending, IntPredicate docs, WalkSteps steps) {
    return order(field, ascending).from(0, docs, steps);
  }

  /** {@link #after(IndexedField, boolean, LeadSummary)}, only the docs {@code docs} accepts. */
  public Iterator<LeadSummary> after(
      IndexedField field, boolean ascending, LeadSummary position, IntPredicate docs, WalkSteps steps) {
    AnswerOrder order = order(field, ascending);
    return order.from(order.countAtOrBefore(position), docs, steps);
  }

  /** {@link #ascendingFrom(IndexedField, Object)}, only the docs {@code docs} accepts. */
  public Iterator<LeadSummary> ascendingFrom(
      IndexedField field, Object from, IntPredicate docs, WalkSteps steps) {
    RankedList<LeadSummary> list = list(field);
    int start = list.rank(field.probe(from), false);
    return start >= list.size()
        ? Collections.emptyIterator()
        : list.filtered(start, list.size(), true, docs, steps);
  }

  /** {@link #descendingBelow(IndexedField, Object)}, only the docs {@code docs} accepts. */
  public Iterator<LeadSummary> descendingBelow(
      IndexedField field, Object to, IntPredicate docs, WalkSteps steps) {
    RankedList<LeadSummary> list = list(field);
    return list.filtered(list.rank(field.probe(to), false) - 1, 0, false, docs, steps);
  }

  /**
   * The leads whose value of the text field {@code field} is {@code text} (lower-cased, as the field
   * sorts), in its answer order and direction (ties by id), after {@code after} when not null, only
   * the docs {@code docs} accepts: the value's run of the order, walked alone.
   */
  public Iterator<LeadSummary> withText(
      IndexedField field, String text, boolean ascending, LeadSummary after, IntPredicate docs, WalkSteps steps) {
    RankedList<LeadSummary> list = list(field);
    int from = list.rank(field.probe(text), false);
    int to = list.rank(field.probeAfter(text), false);
    if (after != null) {
      // ascending: past the leads up to it; descending: only the leads below it
      if (ascending) {
        from = Math.max(from, list.rank(after, true));
      } else {
        to = Math.min(to, list.rank(after, false));
      }
    }
    if (from >= to) {
      return Collections.emptyIterator();
    }
    return ascending ? list.filtered(from, to, true, docs, steps) : list.filtered(to - 1, from, false, docs, steps);
  }

  /** How many leads have {@code text} (lower-cased) as their value of the text field {@code field}. */
  public int countWithText(IndexedField field, String text) {
    RankedList<LeadSummary> list = list(field);
    return Math.max(0, list.rank(field.probeAfter(text), false) - list.rank(field.probe(text), false));
  }

  /**
   * A position of the answer order of {@code field} and direction, from {@code from} on, that no
   * lead of {@code docs} (null: of {@code status}) comes before: where a walk from {@code from} for
   * them may start. For the three time fields the first day from the lead
   * at {@code from} on that holds one of them is found from the day buckets (their 32-day runs
   * first; a unit a bucket): the walk passes no earlier day, and, when no day holds one, starts
   * at the leads without a value. For other fields, or times spread over too many days to search
   * ({@link DayBuckets#MAX_TESTED}): {@code from}. {@code member} (null: none) tests a doc of {@code
   * docs} faster than a search in them, for buckets smaller than {@code docs}.
   */
  public int firstPossibleMatch(
      IndexedField field,
      boolean ascending,
      int from,
      RoaringBitmap docs,
      IntPredicate member,
      LeadStatus status,
      WorkBudget budget) {
    DayBuckets days =
        switch (field) {
          case CREATED_AT -> createdDays;
          case LAST_CONTACTED_AT -> contactedDays;
          case UPDATED_AT -> updatedDays;
          default -> null;
        };
    int withValue = withValue(field);
    if (days == null || from >= withValue) {
      return from;
    }
    AnswerOrder order = order(field, ascending);
    Instant fromTime = (Instant) order.get(from).value(field);
    long fromDay = DayBuckets.dayOf(fromTime);
    long day =
        docs != null
            ? days.firstDayWith(fromDay, ascending, docs, member, budget)
            : days.firstDayWith(fromDay, ascending, perStatus.of(status.ordinal()), null, budget);
    if (day == DayBuckets.UNKNOWN || day == fromDay) {
      return from;
    }
    if (day == DayBuckets.NO_DAY) {
      return withValue;
    }
    // ascending: the leads before the day's first instant; descending: those from the next day's
    // (a probe's id "" sorts before the leads of its instant ascending, after them descending)
    Instant edge = DayBuckets.startOf(ascending ? day : day + 1);
    return Math.max(from, order.countBefore(field.probe(edge)));
  }

  /** Whether the lead numbered {@code doc} has {@code status}, without reading the lead. */
  public boolean hasStatus(int doc, LeadStatus status) {
    return perStatus.contains(status.ordinal(), doc);
  }

  /** Leads whose value of {@code field} is at least {@code from}, ascending, then those without. */
  public Iterator<LeadSummary> ascendingFrom(IndexedField field, Object from) {
    RankedList<LeadSummary> list = list(field);
    int start = list.rank(field.probe(from), false);
    return start >= list.size() ? Collections.emptyIterator() : list.ascendingFrom(start);
  }

  /** Leads whose value of {@code field} is below {@code to}, descending (none without a value). */
  public Iterator<LeadSummary> descendingBelow(IndexedField field, Object to) {
    RankedList<LeadSummary> list = list(field);
    return list.descendingFrom(list.rank(field.probe(to), false) - 1, 0);
  }
}
