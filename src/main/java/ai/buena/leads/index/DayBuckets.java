package ai.buena.leads.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The leads of a workspace index by the UTC day of one time field, and by runs of 32 days, as sets
 * of doc numbers. A range is answered from whole runs and whole days (about 60 sets for two
 * years), testing lead by lead only the days its bounds fall in. A bucket is a {@link FewIds} set
 * (most buckets of a small workspace hold one lead).
 */
final class DayBuckets {
  private static final long SECONDS_PER_DAY = 86_400;
  private static final int DAYS_PER_RUN = 32;

  /** Day or run → its docs: a sorted {@code int[]} of at most {@link FewIds#MAX}, or a bitmap. */
  private final TreeMap<Long, Object> days = new TreeMap<>();
  private final TreeMap<Long, Object> runs = new TreeMap<>();

  void add(Instant time, int doc) {
    if (time != null) {
      long day = day(time);
      add(days, day, doc);
      add(runs, run(day), doc);
    }
  }

  private static void add(TreeMap<Long, Object> buckets, long key, int doc) {
    Object docs = buckets.get(key);
    if (docs == null) {
      buckets.put(key, new int[] {doc});
    } else if (docs instanceof RoaringBitmap many) {
      many.add(doc);
    } else {
      buckets.put(key, FewIds.with((int[]) docs, doc));
    }
  }

  void remove(Instant time, int doc) {
    if (time != null) {
      long day = day(time);
      remove(days, day, doc);
      remove(runs, run(day), doc);
    }
  }

  private static void remove(TreeMap<Long, Object> buckets, long key, int doc) {
    Object docs = buckets.get(key);
    if (docs instanceof RoaringBitmap many) {
      many.remove(doc);
      if (many.isEmpty()) {
        buckets.remove(key);
      } else if (many.getCardinality() <= FewIds.MAX / 2) {
        buckets.put(key, many.toArray());
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

  private static RoaringBitmap bitmap(Object docs) {
    return FewIds.bitmap(docs);
  }

  /**
   * The docs whose time is after {@code after} and before {@code before} (a null bound does not
   * bound), exactly: {@code inRange} tells for a doc of a bound's day. A new bitmap.
   */
  RoaringBitmap between(Instant after, Instant before, IntPredicate inRange, WorkBudget budget) {
    Range range = range(after, before, budget);
    if (range == null) {
      return new RoaringBitmap();
    }
    List<RoaringBitmap> parts = new ArrayList<>(range.whole());
    RoaringBitmap edges = new RoaringBitmap();
    for (RoaringBitmap day : range.edges()) {
      for (IntIterator docs = day.getIntIterator(); docs.hasNext(); ) {
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
   * How many of {@code within} have a time after {@code after} and before {@code before}, exactly,
   * as {@code between(...).and(within)} would count them but without building that bitmap: the
   * whole days and runs are disjoint, so their intersections' sizes add up; {@code inRange} tells
   * for a doc of {@code within} on a bound's day.
   */
  long countWithin(
      Instant after, Instant before, RoaringBitmap within, IntPredicate inRange, WorkBudget budget) {
    Range range = range(after, before, budget);
    if (range == null) {
      return 0;
    }
    long count = 0;
    for (RoaringBitmap whole : range.whole()) {
      count += RoaringBitmap.andCardinality(within, whole);
    }
    for (RoaringBitmap day : range.edges()) {
      for (IntIterator docs = RoaringBitmap.and(day, within).getIntIterator(); docs.hasNext(); ) {
        if (inRange.test(docs.next())) {
          count++;
        }
      }
    }
    return count;
  }

  /**
   * A range as the bitmaps of the whole runs and days inside it, and of the (at most two) days its
   * bounds fall in, whose docs must be tested one by one; null when it holds no day.
   */
  private record Range(List<RoaringBitmap> whole, List<RoaringBitmap> edges) {}

  /**
   * Every bucket taken is charged, one unit and one per 256 docs it holds (it is copied into a
   * bitmap, OR-ed or intersected once): times spread over many years make ranges of many
   * thousands of runs and days.
   */
  private Range range(Instant after, Instant before, WorkBudget budget) {
    if (days.isEmpty()) {
      return null;
    }
    long firstDay = after == null ? days.firstKey() - 1 : day(after);
    long lastDay = before == null ? days.lastKey() + 1 : day(before);
    if (firstDay > lastDay) {
      return null;
    }
    List<RoaringBitmap> edges = new ArrayList<>(2);
    addIfPresent(edges, after == null ? null : days.get(firstDay), budget);
    if (lastDay != firstDay) {
      addIfPresent(edges, before == null ? null : days.get(lastDay), budget);
    }
    List<RoaringBitmap> whole = new ArrayList<>();
    // whole days: firstDay + 1 .. lastDay - 1; whole runs inside them, single days around them
    long wholeFrom = firstDay + 1;
    long wholeTo = lastDay - 1;
    if (wholeFrom <= wholeTo) {
      long firstRun = Math.floorDiv(wholeFrom + DAYS_PER_RUN - 1, DAYS_PER_RUN);
      long lastRun = Math.floorDiv(wholeTo + 1, DAYS_PER_RUN) - 1;
      if (firstRun <= lastRun) {
        addAll(whole, runs.subMap(firstRun, true, lastRun, true).values(), budget);
        addAll(whole, days.subMap(wholeFrom, true, firstRun * DAYS_PER_RUN, false).values(), budget);
        if ((lastRun + 1) * DAYS_PER_RUN <= wholeTo) {
          addAll(
              whole, days.subMap((lastRun + 1) * DAYS_PER_RUN, true, wholeTo, true).values(), budget);
        }
      } else {
        addAll(whole, days.subMap(wholeFrom, true, wholeTo, true).values(), budget);
      }
    }
    return new Range(whole, edges);
  }

  private static void addIfPresent(List<RoaringBitmap> into, Object day, WorkBudget budget) {
    if (day != null) {
      into.add(charged(day, budget));
    }
  }

  private static void addAll(List<RoaringBitmap> into, Collection<Object> buckets, WorkBudget budget) {
    for (Object bucket : buckets) {
      into.add(charged(bucket, budget));
    }
  }

  private static RoaringBitmap charged(Object bucket, WorkBudget budget) {
    budget.spend(bucket instanceof RoaringBitmap many ? WorkBudget.bitmapUnits(many) : 1);
    return bitmap(bucket);
  }

  void writeTo(SnapshotOutput out) {
    write(out, days);
    write(out, runs);
  }

  private static void write(SnapshotOutput out, TreeMap<Long, Object> buckets) {
    out.putInt(buckets.size());
    buckets.forEach(
        (key, docs) -> {
          out.putLong(key);
          out.putBitmap(bitmap(docs));
        });
  }

  /** Fills these empty buckets with what {@link #writeTo} wrote. */
  void readFrom(SnapshotInput in) {
    read(in, days);
    read(in, runs);
  }

  private static void read(SnapshotInput in, TreeMap<Long, Object> buckets) {
    int count = in.getCount();
    for (int i = 0; i < count; i++) {
      long key = in.getLong();
      RoaringBitmap docs = in.getBitmap();
      buckets.put(key, FewIds.compact(docs));
    }
  }

  private static long day(Instant time) {
    return Math.floorDiv(time.getEpochSecond(), SECONDS_PER_DAY);
  }

  private static long run(long day) {
    return Math.floorDiv(day, DAYS_PER_RUN);
  }
}
