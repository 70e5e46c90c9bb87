package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Seeded;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DayKeyedBucketsTest {

  @Test
  void shouldHoldWhatATreeMapHoldsThroughRandomPutsAndRemoves() {
    Seeded.check(
        200,
        random -> {
          DayKeyedBuckets buckets = new DayKeyedBuckets();
          TreeMap<Long, Object> reference = new TreeMap<>();
          int span = 1 + random.nextInt(random.nextBoolean() ? 40 : 4_000);
          for (int step = 0, steps = random.nextInt(3_000); step < steps; step++) {
            long key = random.nextInt(span) - span / 2;
            if (random.nextInt(3) == 0) {
              buckets.remove(key);
              reference.remove(key);
            } else {
              Object bucket = new int[] {step};
              buckets.put(key, bucket);
              reference.put(key, bucket);
            }
            long probe = random.nextInt(span + 2) - span / 2 - 1;
            assertThat(buckets.get(probe)).isSameAs(reference.get(probe));
          }

          assertThat(entries(buckets)).containsExactlyEntriesOf(reference);
          assertThat(buckets.isEmpty()).isEqualTo(reference.isEmpty());
          if (!reference.isEmpty()) {
            assertThat(buckets.firstKey()).isEqualTo(reference.firstKey());
            assertThat(buckets.lastKey()).isEqualTo(reference.lastKey());
          }
        });
  }

  @Test
  void shouldFindTheKeysAroundAnyKeyAndTheBucketsOfAnyRangeAsATreeMap() {
    Seeded.check(
        200,
        random -> {
          DayKeyedBuckets buckets = new DayKeyedBuckets();
          TreeMap<Long, Object> reference = new TreeMap<>();
          int span = 1 + random.nextInt(1_000);
          for (int i = 0, count = random.nextInt(300); i < count; i++) {
            long key = random.nextInt(span);
            Object bucket = new int[] {i};
            buckets.put(key, bucket);
            reference.put(key, bucket);
          }
          for (int probe = 0; probe < 50; probe++) {
            long key = random.nextInt(span + 20) - 10;
            int ceiling = buckets.ceilingIndex(key);
            int floor = buckets.floorIndex(key);
            assertThat(ceiling < buckets.size() ? (Long) buckets.keyAt(ceiling) : null)
                .isEqualTo(reference.ceilingKey(key));
            assertThat(floor >= 0 ? (Long) buckets.keyAt(floor) : null)
                .isEqualTo(reference.floorKey(key));

            long to = key + random.nextInt(span / 2 + 1) - 5;
            List<Object> between = new ArrayList<>();
            buckets.addValuesBetween(key, to, between);
            assertThat(between)
                .containsExactlyElementsOf(
                    key > to ? List.of() : reference.subMap(key, true, to, true).values());
          }
        });
  }

  private static Map<Long, Object> entries(DayKeyedBuckets buckets) {
    Map<Long, Object> entries = new TreeMap<>();
    buckets.forEach(entries::put);
    return entries;
  }
}
