package ai.buena.leads.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GrowingBloomFilterTest {
  @Test
  void shouldHoldEveryHashAddedWhileItGrows() {
    GrowingBloomFilter filter = new GrowingBloomFilter();
    SplittableRandom random = new SplittableRandom(7);
    long[] added = new long[300_000];
    for (int i = 0; i < added.length; i++) {
      added[i] = SeenEventFilter.hash("lead_" + random.nextInt(50_000) + "\u0000evt_" + i);
      filter.add(added[i]);
    }

    for (long hash : added) {
      assertThat(filter.mightContain(hash)).isTrue();
    }
    assertThat(filter.bytes()).isGreaterThan(300_000L);
  }

  @Test
  void shouldRuleOutAlmostEveryHashNeverAddedAfterGrowingManyTimes() {
    GrowingBloomFilter filter = new GrowingBloomFilter();
    for (int i = 0; i < 2_000_000; i++) {
      filter.add(SeenEventFilter.hash("lead_" + i + "\u0000evt_" + i));
    }

    int maybe = 0;
    int tries = 200_000;
    for (int i = 0; i < tries; i++) {
      if (filter.mightContain(SeenEventFilter.hash("lead_" + i + "\u0000other_" + i))) {
        maybe++;
      }
    }
    // eight parts by now; their false positives add up to ~1 % (4,000 of 200,000 is 2 %)
    assertThat(maybe).isLessThan(tries * 2 / 100);
  }

  @Test
  void shouldTakeLessThanThreeBytesPerEntry() {
    GrowingBloomFilter filter = new GrowingBloomFilter();
    for (int i = 0; i < 1_000_000; i++) {
      filter.add(SeenEventFilter.hash("k" + i));
    }

    assertThat(filter.bytes()).isBetween(1_250_000L, 3_000_000L);
  }
}
