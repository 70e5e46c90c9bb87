package ai.buena.leads.index;

import ai.buena.leads.events.LeadStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.IntPredicate;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The leads of a workspace index by the UTC day of one time field, and by runs of 32 days, as sets
 * of doc numbers. A range is answered from whole runs and whole days (about 60 sets for two
 * years), testing lead by lead only the days its bounds fall in (not the day of an upper bound at
 * midnight, which holds none of the range). A bucket is a {@link FewIds} set (most buckets of a
 * small workspace hold one lead); a larger one also keeps how many of its leads have each status,
 * so a status's count within a range adds numbers instead of intersecting bitmaps.
 */
final class DayBuckets {
  private static final long SECONDS_PER_DAY = 86_400;
  private static final int DAYS_PER_RUN = 32;
  private static final LeadStatus[] STATUSES = LeadStatus.values();
  /** {@link #firstDayWith}'s answer when no day holds a doc asked for. */
  static final long NO_DAY = Long.MIN_VALUE;
  /** {@link #firstDayWith}'s answer when it gave up. */
  static final long UNKNOWN = Long.MAX_VALUE;
  /** How many buckets {@link #firstDayWith} tests at most: two years are about 25 runs and 32 days. */
  static final int MAX_TESTED = 256;
  /** Two containers of plain bits intersected: 1,024 words, a few to the step of a doc's test. */
  private static final long BITMAP_WORDS_STEPS = 256;

  /** Day or run → its docs: a sorted {@code int[]} of at most {@link FewIds#MAX}, or {@link Counted}. */
  private final DayKeyedBuckets days = new DayKeyedBuckets();
  private final DayKeyedBuckets runs = new DayKeyedBuckets();
  /** The index's docs of each status (its own bitmaps, kept current by it), by status ordinal. */
  private final DocsByOrdinal perStatus;

  /** A bucket of more than {@link FewIds#MAX} docs, and how many of them have each status. */
  private static final class Counted {
    final RoaringBitmap docs;
    final int[] statuses = new int[STATUSES.length];

    Counted(RoaringBitmap docs, DocsByOrdinal perStatus) {
      this.docs = docs;
      for (int status = 0; status < statuses.length; status++) {
        statuses[status] = perStatus.countAmong(status, docs);
      }
    }
  }

  /** @param perStatus the index's docs of each status, by ordinal, current when a doc is added */
  DayBuckets(DocsByOrdinal perStatus) {
    this.perStatus = perStatus;
  }

  /** Whether no doc has a time here. */
  boolean isEmpty() {
    return days.isEmpty();
  }

  void add(Instant time, int doc, LeadStatus status) {
    if (time != null) {
      long day = day(time);
      add(days, day, doc, status);
      add(runs, run(day), doc, status);
    }
  }

  private void add(DayKeyedBuckets buckets, long key, int doc, LeadStatus status) {
    Object docs = buckets.get(key);
    if (docs == null) {
      buckets.put(key, new int[] {doc});
    } else if (docs instanceof Counted many) {
      if (many.docs.checkedAdd(doc)) {
        many.statuses[status.ordinal()]++;
      }
    } else {
      Object more = FewIds.with((int[]) docs, doc);
      buckets.put(key, more instanceof RoaringBitmap bitmap ? counted(bitmap, doc, status) : more);
    }
  }

  /** A bucket grown past {@link FewIds#MAX} by {@code doc}, whose status is {@code status}. */
  private Counted counted(RoaringBitmap docs, int doc, LeadStatus status) {
    docs.remove(doc);
    Counted many = new Counted(docs, perStatus);
    many.docs.add(doc);
    many.statuses[status.ordinal()]++;
    return many;
  }

  void remove(Instant time, int doc, LeadStatus status) {
    if (time != null) {
      long day = day(time);
      remove(days, day, doc, status);
      remove(runs, run(day), doc, status);
    }
  }

  private static void remove(DayKeyedBuckets buckets, long key, int doc, LeadStatus status) {
    Object docs = buckets.get(key);
    if (docs instanceof Counted many) {
      if (many.docs.checkedRemove(doc)) {
        many.statuses[status.ordinal()]--;
      }
      if (many.docs.isEmpty()) {
        buckets.remove(key);
      } else if (many.docs.getCardinality() <= FewIds.MAX / 2) {
        buckets.put(key, many.docs.toArray());
      }
    } else if (docs instanceof int[] few) {
      int[] left = FewIds.without(few, doc);
      if (left.length == 0) {
        buckets.remove(key);
      } else {
        buckets.put(key, left);
      }
    }
  }

  /** A lead whose time is {@code time} changed its status. */
  void restatus(Instant time, int doc, LeadStatus was, LeadStatus is) {
    if (time != null && was != is) {
      long day = day(time);
      restatus(days.get(day), doc, was, is);
      restatus(runs.get(run(day)), doc, was, is);
    }
  }

  private static void restatus(Object bucket, int doc, LeadStatus was, LeadStatus is) {
    if (bucket instanceof Counted many && many.docs.contains(doc)) {
      many.statuses[was.ordinal()]--;
      many.statuses[is.ordinal()]++;
    }
  }

  private static RoaringBitmap bitmap(Object docs) {
    return docs instanceof Counted many ? many.docs : FewIds.bitmap(docs);
  }

  /**
   * The docs whose time is after {@code after} and before {@code before} (a null bound does not
   * bound), exactly: {@code inRange} tells for a doc of a bound's day. A new bitmap.
   */
  RoaringBitmap between(Instant after, Instant before, IntPredicate inRange, WorkBudget budget) {
    Range range = range(after, before);
    if (range == null) {
      return new RoaringBitmap();
    }
    List<RoaringBitmap> parts = new ArrayList<>(range.whole().size() + 1);
    for (Object whole : range.whole()) {
      parts.add(charged(whole, budget));
    }
    RoaringBitmap edges = new RoaringBitmap();
    for (Object edge : range.edges()) {
      for (IntIterator docs = charged(edge, budget).getIntIterator(); docs.hasNext(); ) {
        int doc = docs.next();
        if (inRange.test(doc)) {
          edges.add(doc);
        }
      }
    }
    parts.add(edges);
    return FastAggregation.or(parts.iterator());
  }

  /**
   * How many leads of {@code status} have a time after {@code after} and before {@code before},
   * exactly, as {@code between(...)} intersected with the status's docs would count them, but from
   * the buckets' counts: the whole days and runs are disjoint, so their counts add up; {@code
   * inRange} tells for a doc of the status on a bound's day.
   */
  long countWithin(
      Instant after, Instant before, LeadStatus status, IntPredicate inRange, WorkBudget budget) {
    Range range = range(after, before);
    if (range == null) {
      return 0;
    }
    RoaringBitmap ofStatus = perStatus.of(status.ordinal());
    long count = 0;
    for (Object whole : range.whole()) {
      budget.spend(1);
      if (whole instanceof Counted many) {
        count += many.statuses[status.ordinal()];
      } else {
        for (int doc : (int[]) whole) {
          if (ofStatus.contains(doc)) {
            count++;
          }
        }
      }
    }
    for (Object edge : range.edges()) {
      RoaringBitmap day = charged(edge, budget);
      for (IntIterator docs = RoaringBitmap.and(day, ofStatus).getIntIterator(); docs.hasNext(); ) {
        if (inRange.test(docs.next())) {
          count++;
        }
      }
    }
    return count;
  }

  /**
   * The first day from {@code fromDay} on (towards later days when {@code forward}, else earlier
   * ones) that holds a doc of {@code docs}, {@link #NO_DAY} when none does, or {@link #UNKNOWN}
   * after {@link #MAX_TESTED} buckets (times spread over centuries): runs of 32 days are tested
   * first, then the days of the first run that holds one. Each bucket tested is charged one unit.
   * {@code member} (null: none) tells whether a doc is one of {@code docs} faster than a search in
   * them: a bucket smaller than {@code docs} is then tested doc by doc, stopping at the first one,
   * instead of merged with all of them.
   */
  long firstDayWith(long fromDay, boolean forward, RoaringBitmap docs, IntPredicate member, WorkBudget budget) {
    budget.spend(1);
    Object first = days.get(fromDay);
    if (first != null && holdsAny(first, docs, member)) {
      // matches spread over the order (the usual case): the walk starts where it would have
      return fromDay;
    }
    long fromRun = run(fromDay);
    int step = forward ? 1 : -1;
    int tested = 0;
    for (int run = forward ? runs.ceilingIndex(fromRun) : runs.floorIndex(fromRun);
        run >= 0 && run < runs.size();
        run += step) {
      if (++tested > MAX_TESTED) {
        return UNKNOWN;
      }
      budget.spend(1);
      if (!holdsAny(runs.valueAt(run), docs, member)) {
        continue;
      }
      long runStart = runs.keyAt(run) * DAYS_PER_RUN;
      long runEnd = runStart + DAYS_PER_RUN - 1;
      int firstOfRun =
          forward
              ? days.ceilingIndex(Math.max(fromDay, runStart))
              : days.floorIndex(Math.min(fromDay, runEnd));
      for (int day = firstOfRun;
          day >= 0 && day < days.size() && days.keyAt(day) >= runStart && days.keyAt(day) <= runEnd;
          day += step) {
        tested++;
        budget.spend(1);
        if (holdsAny(days.valueAt(day), docs, member)) {
          return days.keyAt(day);
        }
      }
    }
    return NO_DAY;
  }

  private static boolean holdsAny(Object bucket, RoaringBitmap docs, IntPredicate member) {
    if (bucket instanceof Counted many) {
      long tests = many.docs.getLongCardinality();
      if (member == null || tests >= docs.getLongCardinality() || mergeSteps(many.docs, docs, tests) < tests) {
        return RoaringBitmap.intersects(many.docs, docs);
      }
      for (IntIterator it = many.docs.getIntIterator(); it.hasNext(); ) {
        if (member.test(it.next())) {
          return true;
        }
      }
      return false;
    }
    for (int doc : (int[]) bucket) {
      if (member != null ? member.test(doc) : docs.contains(doc)) {
        return true;
      }
    }
    return false;
  }

  /**
   * About what {@link RoaringBitmap#intersects} of {@code bucket} and {@code docs} costs, counted
   * up to {@code limit}, in steps of a test of one doc: it meets them container by container (2^16
   * doc numbers each), merging two sorted arrays, looking an array's docs up in plain bits, or
   * comparing 1,024 words of plain bits. A large bucket of a few containers, such as a day on
   * which many leads were created together, costs a few steps where testing its docs one by one
   * costs thousands; a small bucket against many sparse matches costs a merge with all of them.
   */
  private static long mergeSteps(RoaringBitmap bucket, RoaringBitmap docs, long limit) {
    ContainerPointer ours = bucket.getContainerPointer();
    ContainerPointer theirs = docs.getContainerPointer();
    long steps = 0;
    while (ours.getContainer() != null && theirs.getContainer() != null && steps < limit) {
      if (ours.key() < theirs.key()) {
        ours.advance();
      } else if (ours.key() > theirs.key()) {
        theirs.advance();
      } else {
        steps += pairSteps(ours, theirs);
        ours.advance();
        theirs.advance();
      }
    }
    return steps;
  }

  private static long pairSteps(ContainerPointer one, ContainerPointer other) {
    if (one.isBitmapContainer() && other.isBitmapContainer()) {
      return BITMAP_WORDS_STEPS;
    }
    if (one.isBitmapContainer()) {
      return sparseSteps(other);
    }
    if (other.isBitmapContainer()) {
      return sparseSteps(one);
    }
    return sparseSteps(one) + sparseSteps(other);
  }

  /** An array's docs, or a run container's runs (four bytes each). */
  private static long sparseSteps(ContainerPointer container) {
    return container.isRunContainer()
        ? container.getContainer().getSizeInBytes() / 4
        : container.getCardinality();
  }

  /** The UTC day {@code time} falls in, as {@link #firstDayWith} counts days. */
  static long dayOf(Instant time) {
    return day(time);
  }

  /** The first instant of {@code day}. */
  static Instant startOf(long day) {
    return Instant.ofEpochSecond(day * SECONDS_PER_DAY);
  }

  /**
   * A range as the buckets of the whole runs and days inside it, and of the (at most two) days its
   * bounds fall in, whose docs must be tested one by one; null when it holds no day. The day of an
   * upper bound at midnight is neither: none of its docs is before the bound.
   */
  private record Range(List<Object> whole, List<Object> edges) {}

  private Range range(Instant after, Instant before) {
    if (days.isEmpty()) {
      return null;
    }
    long firstDay = after == null ? days.firstKey() - 1 : day(after);
    long lastDay = before == null ? days.lastKey() + 1 : day(before);
    if (firstDay > lastDay) {
      return null;
    }
    List<Object> edges = new ArrayList<>(2);
    if (after != null) {
      addIfPresent(edges, days.get(firstDay));
    }
    if (lastDay != firstDay && before != null && !atMidnight(before)) {
      addIfPresent(edges, days.get(lastDay));
    }
    List<Object> whole = new ArrayList<>();
    // whole days: firstDay + 1 .. lastDay - 1; whole runs inside them, single days around them
    long wholeFrom = firstDay + 1;
    long wholeTo = lastDay - 1;
    if (wholeFrom <= wholeTo) {
      long firstRun = Math.floorDiv(wholeFrom + DAYS_PER_RUN - 1, DAYS_PER_RUN);
      long lastRun = Math.floorDiv(wholeTo + 1, DAYS_PER_RUN) - 1;
      if (firstRun <= lastRun) {
        runs.addValuesBetween(firstRun, lastRun, whole);
        days.addValuesBetween(wholeFrom, firstRun * DAYS_PER_RUN - 1, whole);
        if ((lastRun + 1) * DAYS_PER_RUN <= wholeTo) {
          days.addValuesBetween((lastRun + 1) * DAYS_PER_RUN, wholeTo, whole);
        }
      } else {
        days.addValuesBetween(wholeFrom, wholeTo, whole);
      }
    }
    return new Range(whole, edges);
  }

  private static boolean atMidnight(Instant time) {
    return time.getNano() == 0 && Math.floorMod(time.getEpochSecond(), SECONDS_PER_DAY) == 0;
  }

  private static void addIfPresent(List<Object> into, Object day) {
    if (day != null) {
      into.add(day);
    }
  }

  /**
   * A bucket taken as a bitmap is charged one unit and one per 256 docs it holds (it is copied into
   * a bitmap, OR-ed or intersected once): times spread over many years make ranges of many
   * thousands of runs and days.
   */
  private static RoaringBitmap charged(Object bucket, WorkBudget budget) {
    RoaringBitmap docs = bitmap(bucket);
    budget.spend(bucket instanceof Counted ? WorkBudget.bitmapUnits(docs) : 1);
    return docs;
  }

  void writeTo(SnapshotOutput out) {
    write(out, days);
    write(out, runs);
  }

  private static void write(SnapshotOutput out, DayKeyedBuckets buckets) {
    out.putInt(buckets.size());
    buckets.forEach(
        (key, docs) -> {
          out.putLong(key);
          out.putBitmap(bitmap(docs));
        });
  }

  /**
   * Fills these empty buckets with what {@link #writeTo} wrote; the index's docs of each status
   * must be read before (the larger buckets count them).
   */
  void readFrom(SnapshotInput in) {
    read(in, days);
    read(in, runs);
  }

  private void read(SnapshotInput in, DayKeyedBuckets buckets) {
    int count = in.getCount();
    for (int i = 0; i < count; i++) {
      long key = in.getLong();
      RoaringBitmap docs = in.getBitmap();
      Object compact = FewIds.compact(docs);
      buckets.put(key, compact instanceof RoaringBitmap many ? new Counted(many, perStatus) : compact);
    }
  }

  private static long day(Instant time) {
    return Math.floorDiv(time.getEpochSecond(), SECONDS_PER_DAY);
  }

  private static long run(long day) {
    return Math.floorDiv(day, DAYS_PER_RUN);
  }
}
