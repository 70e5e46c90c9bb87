package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

/** Plain bits over reused words: each holds its own bitmap's members and no other doc. */
class MatchBitsTest {

  @Test
  void shouldHoldOnlyItsOwnMembersInWordsAnEarlierBitmapUsed() {
    Random random = new Random(5);
    for (int round = 0; round < 20; round++) {
      RoaringBitmap docs = randomDocs(random, 1 + random.nextInt(200_000), random.nextInt(3_000));
      try (MatchBits bits = new MatchBits(docs)) {
        assertSameMembers(bits, docs, 210_000);
      }
    }
  }

  @Test
  void shouldHoldExactlyTheMembersOfDenseSparseAndRunContainers() {
    Random random = new Random(11);
    for (int round = 0; round < 20; round++) {
      RoaringBitmap docs = new RoaringBitmap();
      int containers = 1 + random.nextInt(5);
      for (int container = 0; container < containers; container++) {
        int base = (random.nextInt(8) << 16);
        switch (random.nextInt(3)) {
          case 0 -> { // dense: a bitmap container
            for (int i = 0; i < 10_000; i++) {
              docs.add(base + random.nextInt(1 << 16));
            }
          }
          case 1 -> docs.add(base + random.nextInt(1_000), base + 1_000 + random.nextInt(60_000));
          default -> {
            for (int i = 0; i < 50; i++) {
              docs.add(base + random.nextInt(1 << 16));
            }
          }
        }
      }
      docs.runOptimize();
      try (MatchBits bits = new MatchBits(docs)) {
        assertSameMembers(bits, docs, 9 << 16);
      }
    }
  }

  @Test
  void shouldChargeADenseContainerLessThanItsMembers() {
    RoaringBitmap dense = new RoaringBitmap();
    for (int doc = 0; doc < 20_000; doc += 2) {
      dense.add(doc); // 10,000 members, no runs: a bitmap container
    }
    dense.add(70_000, 70_002, 70_004);

    assertThat(MatchBits.buildSteps(dense)).isEqualTo(MatchBits.DENSE_CONTAINER_STEPS + 3);
  }

  @Test
  void shouldKeepAnotherWalksBitsWhenClosedTwice() {
    Random random = new Random(8);
    RoaringBitmap first = randomDocs(random, 50_000, 2_000);
    RoaringBitmap second = randomDocs(random, 50_000, 2_000);
    MatchBits closedTwice = new MatchBits(first);
    closedTwice.close();
    try (MatchBits borrowing = new MatchBits(second)) {
      closedTwice.close();
      assertSameMembers(borrowing, second, 60_000);
    }
  }

  @Test
  void shouldNotShareWordsWithAWalkStillOpenOnTheSameThread() {
    Random random = new Random(9);
    RoaringBitmap outer = randomDocs(random, 30_000, 1_000);
    RoaringBitmap inner = randomDocs(random, 30_000, 1_000);
    try (MatchBits outerBits = new MatchBits(outer)) {
      try (MatchBits innerBits = new MatchBits(inner)) {
        assertSameMembers(innerBits, inner, 40_000);
      }
      assertSameMembers(outerBits, outer, 40_000);
    }
  }

  @Test
  void shouldHoldNoDocWhenEmpty() {
    try (MatchBits bits = new MatchBits(new RoaringBitmap())) {
      assertThat(bits.test(0)).isFalse();
      assertThat(bits.test(1_000_000)).isFalse();
    }
  }

  private static RoaringBitmap randomDocs(Random random, int bound, int count) {
    RoaringBitmap docs = new RoaringBitmap();
    for (int i = 0; i < count; i++) {
      docs.add(random.nextInt(bound));
    }
    return docs;
  }

  private static void assertSameMembers(MatchBits bits, RoaringBitmap docs, int upTo) {
    for (int doc = 0; doc < upTo; doc++) {
      if (bits.test(doc) != docs.contains(doc)) {
        throw new AssertionError("doc " + doc + ": bits say " + bits.test(doc));
      }
    }
  }
}
