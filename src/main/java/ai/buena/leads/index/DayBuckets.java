package ai.buena.leads.index;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * The leads of a workspace index by the UTC day of one time field, as bitmaps of doc numbers. A
 * range is answered from whole days, testing lead by lead only the days its bounds fall in.
 */
final class DayBuckets {
  private static final long SECONDS_PER_DAY = 86_400;

  private final TreeMap<Long, RoaringBitmap> days = new TreeMap<>();

  void add(Instant time, int doc) {
    if (time != null) {
      days.computeIfAbsent(day(time), d -> new RoaringBitmap()).add(doc);
    }
  }

  void remove(Instant time, int doc) {
    if (time == null) {
      return;
    }
    long day = day(time);
    RoaringBitmap docs = days.get(day);
    if (docs != null) {
      docs.remove(doc);
      if (docs.isEmpty()) {
        days.remove(day);
      }
    }
  }

  /**
   * The docs whose time is after {@code after} and before {@code before} (a null bound does not
   * bound), exactly: {@code inRange} tells for a doc of a bound's day. A new bitmap.
   */
  RoaringBitmap between(Instant after, Instant before, IntPredicate inRange) {
    if (after != null && before != null && day(after) > day(before)) {
      return new RoaringBitmap();
    }
    NavigableMap<Long, RoaringBitmap> span = days;
    if (after != null) {
      span = span.tailMap(day(after), true);
    }
    if (before != null) {
      span = span.headMap(day(before), true);
    }
    List<RoaringBitmap> whole = new ArrayList<>(span.size() + 1);
    RoaringBitmap edges = new RoaringBitmap();
    Long firstDay = after == null ? null : day(after);
    Long lastDay = before == null ? null : day(before);
    for (Map.Entry<Long, RoaringBitmap> day : span.entrySet()) {
      if (day.getKey().equals(firstDay) || day.getKey().equals(lastDay)) {
        for (IntIterator docs = day.getValue().getIntIterator(); docs.hasNext(); ) {
          int doc = docs.next();
          if (inRange.test(doc)) {
            edges.add(doc);
          }
        }
      } else {
        whole.add(day.getValue());
      }
    }
    whole.add(edges);
    return FastAggregation.or(whole.iterator());
  }

  private static long day(Instant time) {
    return Math.floorDiv(time.getEpochSecond(), SECONDS_PER_DAY);
  }
}
