package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class GrowingMatchBitsTest {

  @Test
  void shouldAnswerAsTheBitmapBeforeAndAfterBuildingItsBits() {
    Random random = new Random(7);
    RoaringBitmap docs = new RoaringBitmap();
    for (int i = 0; i < 5_000; i++) {
      docs.add(random.nextInt(300_000));
    }
    docs.add(0L, 70_000L); // a dense container beside sparse ones
    try (GrowingMatchBits members = new GrowingMatchBits(docs, MatchBits.buildSteps(docs), 1_000)) {
      for (int doc = 0; doc < 310_000; doc++) {
        assertThat(members.test(doc)).as("doc %d", doc).isEqualTo(docs.contains(doc));
      }
      assertThat(members.built()).isTrue();
    }
  }

  @Test
  void shouldBuildItsBitsOnlyAfterTheSearchesItWasGiven() {
    RoaringBitmap docs = RoaringBitmap.bitmapOf(3, 5, 70_000);
    try (GrowingMatchBits members = new GrowingMatchBits(docs, MatchBits.buildSteps(docs), 3)) {
      members.test(1);
      members.test(3);
      members.test(5);
      assertThat(members.built()).isFalse();

      assertThat(members.test(70_000)).isTrue();
      assertThat(members.built()).isTrue();
    }
  }
}
