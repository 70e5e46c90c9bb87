package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.events.LeadStatus;
import ai.buena.leads.testing.Seeded;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.RoaringBitmap;

class DayBucketsTest {
  private static final LeadStatus[] STATUSES = LeadStatus.values();

  private DocsByOrdinal perStatus = new DocsByOrdinal(STATUSES.length);
  private DayBuckets buckets = new DayBuckets(perStatus);
  private final Map<Integer, Instant> times = new HashMap<>();
  private final Map<Integer, LeadStatus> statuses = new HashMap<>();

  /** Empty again, for the next case of a {@link Seeded} property. */
  private void reset() {
    perStatus = new DocsByOrdinal(STATUSES.length);
    buckets = new DayBuckets(perStatus);
    times.clear();
    statuses.clear();
  }

  private void add(int doc, String time) {
    add(doc, Instant.parse(time), LeadStatus.NEW);
  }

  /** As the index does: the status's docs first, then the buckets. */
  private void add(int doc, Instant time, LeadStatus status) {
    times.put(doc, time);
    statuses.put(doc, status);
    perStatus.add(status.ordinal(), doc);
    buckets.add(time, doc, status);
  }

  private void remove(int doc) {
    LeadStatus status = statuses.remove(doc);
    perStatus.remove(status.ordinal(), doc);
    buckets.remove(times.remove(doc), doc, status);
  }

  private void restatus(int doc, LeadStatus status) {
    LeadStatus was = statuses.put(doc, status);
    perStatus.remove(was.ordinal(), doc);
    perStatus.add(status.ordinal(), doc);
    buckets.restatus(times.get(doc), doc, was, status);
  }

  private void move(int doc, Instant time) {
    buckets.remove(times.get(doc), doc, statuses.get(doc));
    times.put(doc, time);
    buckets.add(time, doc, statuses.get(doc));
  }

  private boolean inRange(int doc, Instant from, Instant to) {
    Instant time = times.get(doc);
    return (from == null || time.isAfter(from)) && (to == null || time.isBefore(to));
  }

  private long counted(Instant from, Instant to, LeadStatus status) {
    return buckets.countWithin(from, to, status, doc -> inRange(doc, from, to), WorkBudget.unlimited());
  }

  private long expected(Instant from, Instant to, LeadStatus status) {
    return times.keySet().stream()
        .filter(doc -> statuses.get(doc) == status && inRange(doc, from, to))
        .count();
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
      add(doc, base.plusSeconds(random.nextInt(400 * 24) * 3600L), LeadStatus.NEW);
    }
    for (int doc = 0; doc < 3000; doc += 7) {
      remove(doc);
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
    remove(1);

    assertThat(between(null, null)).isEqualTo(new RoaringBitmap());
  }

  @Test
  void shouldCountTheDocsOfAStatusWithinARangeExactly() {
    Seeded.check(5, random -> {
      reset();
      Instant base = Instant.parse("2024-01-01T00:00:00Z");
      for (int doc = 0; doc < 2_000; doc++) {
        // 400 days, several leads a day, some on the same second
        add(doc, base.plusSeconds(random.nextInt(400 * 24) * 3_600L), STATUSES[random.nextInt(STATUSES.length)]);
      }
      for (int i = 0; i < 300; i++) {
        Instant from = random.nextInt(4) == 0 ? null : randomBound(random, base);
        Instant to = random.nextInt(4) == 0 ? null : randomBound(random, base);
        LeadStatus status = STATUSES[random.nextInt(STATUSES.length)];

        long expected = expected(from, to, status);
        assertThat(counted(from, to, status))
            .as("after %s, before %s, %s", from, to, status)
            .isEqualTo(expected);
        assertThat(
                RoaringBitmap.and(
                        between(from == null ? null : from.toString(), to == null ? null : to.toString()),
                        perStatus.of(status.ordinal()))
                    .getLongCardinality())
            .isEqualTo(expected);
      }
    });
  }

  /** An hour of the data's span or a little outside it; every fourth at a midnight. */
  private static Instant randomBound(Random random, Instant base) {
    Instant hour = base.plusSeconds(random.nextInt(420 * 24) * 3_600L - 36_000);
    return random.nextInt(4) == 0 ? hour.truncatedTo(java.time.temporal.ChronoUnit.DAYS) : hour;
  }

  @Test
  void shouldKeepCountingExactlyWhileLeadsChangeStatusMoveAndGo() {
    Seeded.check(5, random -> {
      reset();
      Instant base = Instant.parse("2024-01-01T00:00:00Z");
      // 30 days: buckets grow past a few docs and shrink back as leads come and go
      List<Integer> held = new ArrayList<>();
      int next = 0;
      for (int step = 0; step < 8_000; step++) {
        int op = random.nextInt(10);
        if (held.isEmpty() || op < 4) {
          add(next, base.plusSeconds(random.nextInt(30 * 24) * 3_600L), STATUSES[random.nextInt(STATUSES.length)]);
          held.add(next++);
        } else {
          int doc = held.get(random.nextInt(held.size()));
          if (op < 6) {
            remove(doc);
            held.remove(Integer.valueOf(doc));
          } else if (op < 8) {
            restatus(doc, STATUSES[random.nextInt(STATUSES.length)]);
          } else {
            move(doc, base.plusSeconds(random.nextInt(30 * 24) * 3_600L));
          }
        }
        if (step % 97 == 0) {
          Instant from = random.nextInt(3) == 0 ? null : randomBound(random, base).minusSeconds(390 * 86_400L);
          Instant to = random.nextInt(3) == 0 ? null : randomBound(random, base).minusSeconds(390 * 86_400L);
          LeadStatus status = STATUSES[random.nextInt(STATUSES.length)];
          assertThat(counted(from, to, status))
              .as("step %d, after %s, before %s, %s", step, from, to, status)
              .isEqualTo(expected(from, to, status));
        }
      }
    });
  }

  @Test
  void shouldCountTheSameAfterASnapshotRoundTrip(@TempDir Path dir) throws IOException {
    Random random = new Random(23);
    Instant base = Instant.parse("2024-01-01T00:00:00Z");
    for (int doc = 0; doc < 3_000; doc++) {
      add(doc, base.plusSeconds(random.nextInt(100 * 24) * 3_600L), STATUSES[random.nextInt(STATUSES.length)]);
    }
    DayBuckets read = new DayBuckets(perStatus);
    read.readFrom(SnapshotRoundTrip.of(dir.resolve("days.snapshot"), buckets::writeTo));

    for (int i = 0; i < 200; i++) {
      Instant from = random.nextInt(4) == 0 ? null : randomBound(random, base).minusSeconds(300 * 86_400L);
      Instant to = random.nextInt(4) == 0 ? null : randomBound(random, base).minusSeconds(300 * 86_400L);
      LeadStatus status = STATUSES[random.nextInt(STATUSES.length)];
      Instant after = from;
      Instant before = to;
      assertThat(read.countWithin(from, to, status, doc -> inRange(doc, after, before), WorkBudget.unlimited()))
          .as("after %s, before %s, %s", from, to, status)
          .isEqualTo(expected(from, to, status));
    }
  }

  @Test
  void shouldNotTestTheLeadsOfTheDayOfAnUpperBoundAtMidnight() {
    for (int doc = 0; doc < 100; doc++) {
      add(doc, Instant.parse("2025-01-01T12:00:00Z"), LeadStatus.CONTACTED);
      add(100 + doc, Instant.parse("2025-01-02T12:00:00Z"), LeadStatus.CONTACTED);
    }
    Instant midnight = Instant.parse("2025-01-02T00:00:00Z");
    List<Integer> tested = new ArrayList<>();

    long counted =
        buckets.countWithin(
            null, midnight, LeadStatus.CONTACTED,
            doc -> {
              tested.add(doc);
              return inRange(doc, null, midnight);
            },
            WorkBudget.unlimited());
    RoaringBitmap between =
        buckets.between(
            null, midnight,
            doc -> {
              tested.add(doc);
              return inRange(doc, null, midnight);
            },
            WorkBudget.unlimited());

    assertThat(counted).isEqualTo(100);
    assertThat(between.getLongCardinality()).isEqualTo(100);
    assertThat(tested).isEmpty();
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

  @Test
  void shouldChargeEveryRunACountTakes() {
    for (int day = 0; day < 1_000; day++) {
      add(day, Instant.parse("2000-01-01T12:00:00Z").plusSeconds(day * 86_400L * 9).toString());
    }
    WorkBudget budget = new WorkBudget(Long.MAX_VALUE);

    long counted =
        buckets.countWithin(Instant.parse("1999-01-01T00:00:00Z"), null, LeadStatus.NEW, doc -> true, budget);

    assertThat(counted).isEqualTo(1_000);
    assertThat(budget.spent()).isGreaterThanOrEqualTo(9_000 / 32);
  }

  @Test
  void shouldMeetALargeDayWithoutMatchesInBulkInsteadOfTestingItsLeadsOneByOne() {
    Instant bulkDay = Instant.parse("2025-06-10T09:00:00Z");
    for (int doc = 0; doc < 5_000; doc++) {
      add(doc, bulkDay, LeadStatus.NEW); // one import of 5,000 leads, none of them a match
    }
    RoaringBitmap matches = new RoaringBitmap();
    for (int doc = 5_000; doc < 45_000; doc++) {
      add(doc, bulkDay.minusSeconds(86_400L * (1 + (doc - 5_000) / 1_000)), LeadStatus.NEW);
      matches.add(doc);
    }
    int[] tests = {0};
    IntPredicate member =
        doc -> {
          tests[0]++;
          return matches.contains(doc);
        };

    long day =
        buckets.firstDayWith(DayBuckets.dayOf(bulkDay), false, matches, member, WorkBudget.unlimited());

    assertThat(day).isEqualTo(DayBuckets.dayOf(bulkDay) - 1);
    assertThat(tests[0]).as("docs tested one by one").isLessThan(100);
  }

  @Test
  void shouldFindTheSameFirstDayWithAMatchWhicheverWayEachBucketIsMet() {
    Seeded.check(10, random -> {
      reset();
      Instant base = Instant.parse("2024-01-01T00:00:00Z");
      int doc = 0;
      for (int day = 0; day < 200; day++) {
        // most days a few leads, some an import of thousands
        int leads = random.nextInt(20) == 0 ? 1_000 + random.nextInt(6_000) : random.nextInt(30);
        for (int i = 0; i < leads; i++) {
          add(doc++, base.plusSeconds(86_400L * day + random.nextInt(86_400)), LeadStatus.NEW);
        }
      }
      for (int i = 0; i < 50; i++) {
        RoaringBitmap matches = new RoaringBitmap();
        int every = 1 + random.nextInt(random.nextBoolean() ? 5 : 500);
        int from = random.nextInt(doc);
        int to = from + random.nextInt(doc - from + 1);
        for (int match = from; match < to; match += every) {
          matches.add(match);
        }
        long fromDay = DayBuckets.dayOf(base) + random.nextInt(210) - 5;
        boolean forward = random.nextBoolean();

        long bulk = buckets.firstDayWith(fromDay, forward, matches, null, WorkBudget.unlimited());
        long oneByOne = buckets.firstDayWith(fromDay, forward, matches, matches::contains, WorkBudget.unlimited());

        assertThat(oneByOne).as("from day %d, forward %s, %d matches", fromDay, forward, matches.getCardinality())
            .isEqualTo(bulk);
      }
    });
  }
}
