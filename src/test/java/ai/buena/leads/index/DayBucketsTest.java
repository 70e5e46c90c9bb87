package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class DayBucketsTest {
  private final DayBuckets buckets = new DayBuckets();
  private final Map<Integer, Instant> times = new HashMap<>();

  private void add(int doc, String time) {
    times.put(doc, Instant.parse(time));
    buckets.add(Instant.parse(time), doc);
  }

  private RoaringBitmap between(String after, String before) {
    Instant from = after == null ? null : Instant.parse(after);
    Instant to = before == null ? null : Instant.parse(before);
    return buckets.between(
        from,
        to,
        doc -> (from == null || times.get(doc).isAfter(from)) && (to == null || times.get(doc).isBefore(to)),
        WorkBudget.unlimited());
  }

  @Test
  void shouldSelectWholeDaysAndTestOnlyTheDaysOfTheBounds() {
    add(1, "2025-01-01T10:00:00Z");
    add(2, "2025-01-02T00:00:00Z");
    add(3, "2025-01-03T12:00:00Z");
    add(4, "2025-01-04T23:59:59Z");
    add(5, "2025-01-05T00:00:00Z");

    assertThat(between("2025-01-01T10:00:00Z", "2025-01-04T23:59:59Z"))
        .isEqualTo(RoaringBitmap.bitmapOf(2, 3));
    assertThat(between("2025-01-01T09:59:59Z", null)).isEqualTo(RoaringBitmap.bitmapOf(1, 2, 3, 4, 5));
    assertThat(between(null, "2025-01-02T00:00:00Z")).isEqualTo(RoaringBitmap.bitmapOf(1));
  }

  @Test
  void shouldSelectNothingWhenTheBoundsAreReversed() {
    add(1, "2025-01-01T10:00:00Z");
    add(2, "2025-01-03T10:00:00Z");

    assertThat(between("2025-01-03T00:00:00Z", "2025-01-01T00:00:00Z")).isEqualTo(new RoaringBitmap());
  }

  @Test
  void shouldSelectWithinOneDayWhenBothBoundsFallInIt() {
    add(1, "2025-01-01T10:00:00Z");
    add(2, "2025-01-01T12:00:00Z");
    add(3, "2025-01-01T14:00:00Z");

    assertThat(between("2025-01-01T10:00:00Z", "2025-01-01T14:00:00Z")).isEqualTo(RoaringBitmap.bitmapOf(2));
  }

  @Test
  void shouldSelectExactlyTheTimesInRangeOverManyDaysAndRuns() {
    java.util.Random random = new java.util.Random(17);
    Instant base = Instant.parse("2024-01-01T00:00:00Z");
    for (int doc = 0; doc < 3000; doc++) {
      Instant time = base.plusSeconds(random.nextInt(400 * 24) * 3600L);
      times.put(doc, time);
      buckets.add(time, doc);
    }
    for (int doc = 0; doc < 3000; doc += 7) {
      buckets.remove(times.remove(doc), doc);
    }
    for (int i = 0; i < 300; i++) {
      Instant from = random.nextInt(10) == 0 ? null : base.plusSeconds(random.nextInt(420 * 24) * 3600L - 86_400L * 10);
      Instant to = random.nextInt(10) == 0 ? null : base.plusSeconds(random.nextInt(420 * 24) * 3600L - 86_400L * 10);
      RoaringBitmap expected = new RoaringBitmap();
      times.forEach(
          (doc, time) -> {
            if ((from == null || time.isAfter(from)) && (to == null || time.isBefore(to))) {
              expected.add(doc);
            }
          });

      assertThat(between(from == null ? null : from.toString(), to == null ? null : to.toString()))
          .as("%s .. %s", from, to)
          .isEqualTo(expected);
    }
  }

  @Test
  void shouldForgetARemovedDoc() {
    add(1, "2025-01-01T10:00:00Z");
    buckets.remove(Instant.parse("2025-01-01T10:00:00Z"), 1);

    assertThat(between(null, null)).isEqualTo(new RoaringBitmap());
  }

  @Test
  void shouldCountTheDocsOfABitmapWithinARangeExactly() {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Instant base = Instant.parse("2024-01-01T00:00:00Z");
    for (int doc = 0; doc < 2_000; doc++) {
      // 400 days, several leads a day, some on the same second
      add(doc, base.plusSeconds(random.nextInt(400 * 24) * 3_600L).toString());
    }
    for (int i = 0; i < 300; i++) {
      RoaringBitmap within = new RoaringBitmap();
      int every = 1 + random.nextInt(5);
      for (int doc = random.nextInt(every); doc < 2_000; doc += every) {
        within.add(doc);
      }
      Instant from = random.nextInt(4) == 0 ? null : base.plusSeconds(random.nextInt(420 * 24) * 3_600L - 36_000);
      Instant to = random.nextInt(4) == 0 ? null : base.plusSeconds(random.nextInt(420 * 24) * 3_600L - 36_000);
      String after = from == null ? null : from.toString();
      String before = to == null ? null : to.toString();

      long counted =
          buckets.countWithin(
              from,
              to,
              within,
              doc -> (from == null || times.get(doc).isAfter(from)) && (to == null || times.get(doc).isBefore(to)),
              WorkBudget.unlimited());

      long expected =
          within.stream()
              .filter(doc -> (from == null || times.get(doc).isAfter(from)) && (to == null || times.get(doc).isBefore(to)))
              .count();
      assertThat(counted).as("seed %d, after %s, before %s, every %d", seed, after, before, every).isEqualTo(expected);
      assertThat(RoaringBitmap.and(between(after, before), within).getLongCardinality()).isEqualTo(expected);
    }
  }

  @Test
  void shouldChargeEveryRunARangeTakes() {
    for (int day = 0; day < 1_000; day++) {
      add(day, Instant.parse("2000-01-01T12:00:00Z").plusSeconds(day * 86_400L * 9).toString());
    }
    WorkBudget budget = new WorkBudget(Long.MAX_VALUE);

    buckets.between(Instant.parse("1999-01-01T00:00:00Z"), null, doc -> true, budget);

    // 1,000 docs nine days apart: about 9,000 / 32 runs of 32 days, each one bucket taken
    assertThat(budget.spent()).isGreaterThanOrEqualTo(9_000 / 32);
  }
}
