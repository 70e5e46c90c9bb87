package ai.buena.leads.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The leads of a workspace index by the UTC day of one time field, and by runs of 32 days, as
 * bitmaps of doc numbers. A range is answered from whole runs and whole days (about 60 bitmaps for
 * two years), testing lead by lead only the days its bounds fall in.
 */
final class DayBuckets {
  private static final long SECONDS_PER_DAY = 86_400;
  private static final int DAYS_PER_RUN = 32;

  private final TreeMap<Long, RoaringBitmap> days = new TreeMap<>();
  private final TreeMap<Long, RoaringBitmap> runs = new TreeMap<>();

  void add(Instant time, int doc) {
    if (time != null) {
      long day = day(time);
      days.computeIfAbsent(day, d -> new RoaringBitmap()).add(doc);
      runs.computeIfAbsent(run(day), r -> new RoaringBitmap()).add(doc);
    }
  }

  void remove(Instant time, int doc) {
    if (time != null) {
      long day = day(time);
      remove(days, day, doc);
      remove(runs, run(day), doc);
    }
  }

  private static void remove(TreeMap<Long, RoaringBitmap> buckets, long key, int doc) {
    RoaringBitmap docs = buckets.get(key);
    if (docs != null) {
      docs.remove(doc);
      if (docs.isEmpty()) {
        buckets.remove(key);
      }
    }
  }

  /**
   * The docs whose time is after {@code after} and before {@code before} (a null bound does not
   * bound), exactly: {@code inRange} tells for a doc of a bound's day. A new bitmap.
   */
  RoaringBitmap between(Instant after, Instant before, IntPredicate inRange) {
    Range range = range(after, before);
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
  long countWithin(Instant after, Instant before, RoaringBitmap within, IntPredicate inRange) {
    Range range = range(after, before);
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

  private Range range(Instant after, Instant before) {
    if (days.isEmpty()) {
      return null;
    }
    long firstDay = after == null ? days.firstKey() - 1 : day(after);
    long lastDay = before == null ? days.lastKey() + 1 : day(before);
    if (firstDay > lastDay) {
      return null;
    }
    List<RoaringBitmap> edges = new ArrayList<>(2);
    addIfPresent(edges, after == null ? null : days.get(firstDay));
    if (lastDay != firstDay) {
      addIfPresent(edges, before == null ? null : days.get(lastDay));
    }
    List<RoaringBitmap> whole = new ArrayList<>();
    // whole days: firstDay + 1 .. lastDay - 1; whole runs inside them, single days around them
    long wholeFrom = firstDay + 1;
    long wholeTo = lastDay - 1;
    if (wholeFrom <= wholeTo) {
      long firstRun = Math.floorDiv(wholeFrom + DAYS_PER_RUN - 1, DAYS_PER_RUN);
      long lastRun = Math.floorDiv(wholeTo + 1, DAYS_PER_RUN) - 1;
      if (firstRun <= lastRun) {
        whole.addAll(runs.subMap(firstRun, true, lastRun, true).values());
        whole.addAll(days.subMap(wholeFrom, true, firstRun * DAYS_PER_RUN, false).values());
        if ((lastRun + 1) * DAYS_PER_RUN <= wholeTo) {
          whole.addAll(days.subMap((lastRun + 1) * DAYS_PER_RUN, true, wholeTo, true).values());
        }
      } else {
        whole.addAll(days.subMap(wholeFrom, true, wholeTo, true).values());
      }
    }
    return new Range(whole, edges);
  }

  private static void addIfPresent(List<RoaringBitmap> into, RoaringBitmap day) {
    if (day != null) {
      into.add(day);
    }
  }

  void writeTo(SnapshotOutput out) {
    write(out, days);
    write(out, runs);
  }

  private static void write(SnapshotOutput out, TreeMap<Long, RoaringBitmap> buckets) {
    out.putInt(buckets.size());
    buckets.forEach(
        (key, docs) -> {
          out.putLong(key);
          out.putBitmap(docs);
        });
  }

  /** Fills these empty buckets with what {@link #writeTo} wrote. */
  void readFrom(SnapshotInput in) {
    read(in, days);
    read(in, runs);
  }

  private static void read(SnapshotInput in, TreeMap<Long, RoaringBitmap> buckets) {
    int count = in.getCount();
    for (int i = 0; i < count; i++) {
      buckets.put(in.getLong(), in.getBitmap());
    }
  }

  private static long day(Instant time) {
    return Math.floorDiv(time.getEpochSecond(), SECONDS_PER_DAY);
  }

  private static long run(long day) {
    return Math.floorDiv(day, DAYS_PER_RUN);
  }
}
