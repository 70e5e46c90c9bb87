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
    if (days.isEmpty()) {
      return new RoaringBitmap();
    }
    long firstDay = after == null ? days.firstKey() - 1 : day(after);
    long lastDay = before == null ? days.lastKey() + 1 : day(before);
    if (firstDay > lastDay) {
      return new RoaringBitmap();
    }
    List<RoaringBitmap> parts = new ArrayList<>();
    RoaringBitmap edges = new RoaringBitmap();
    test(after == null ? null : days.get(firstDay), inRange, edges);
    if (lastDay != firstDay) {
      test(before == null ? null : days.get(lastDay), inRange, edges);
    }
    parts.add(edges);
    // whole days: firstDay + 1 .. lastDay - 1; whole runs inside them, single days around them
    long wholeFrom = firstDay + 1;
    long wholeTo = lastDay - 1;
    if (wholeFrom <= wholeTo) {
      long firstRun = Math.floorDiv(wholeFrom + DAYS_PER_RUN - 1, DAYS_PER_RUN);
      long lastRun = Math.floorDiv(wholeTo + 1, DAYS_PER_RUN) - 1;
      if (firstRun <= lastRun) {
        parts.addAll(runs.subMap(firstRun, true, lastRun, true).values());
        parts.addAll(days.subMap(wholeFrom, true, firstRun * DAYS_PER_RUN, false).values());
        if ((lastRun + 1) * DAYS_PER_RUN <= wholeTo) {
          parts.addAll(days.subMap((lastRun + 1) * DAYS_PER_RUN, true, wholeTo, true).values());
        }
      } else {
        parts.addAll(days.subMap(wholeFrom, true, wholeTo, true).values());
      }
    }
    return FastAggregation.or(parts.iterator());
  }

  private static void test(RoaringBitmap day, IntPredicate inRange, RoaringBitmap into) {
    if (day == null) {
      return;
    }
    for (IntIterator docs = day.getIntIterator(); docs.hasNext(); ) {
      int doc = docs.next();
      if (inRange.test(doc)) {
        into.add(doc);
      }
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
