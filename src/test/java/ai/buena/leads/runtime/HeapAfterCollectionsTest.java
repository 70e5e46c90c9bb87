package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HeapAfterCollectionsTest {
  private static final long MAX = 1000L << 20;

  private final List<String> told = new CopyOnWriteArrayList<>();

  @Test
  void shouldCallTheHeapTightFromTheShareOnAndSaySoWithHowFull() {
    HeapAfterCollections heap = new HeapAfterCollections(0.8, MAX, told::add);

    heap.afterCollection("G1 Young Generation", 800L << 20);

    assertThat(heap.tight()).isTrue();
    assertThat(heap.lastShare()).isEqualTo(0.8);
    assertThat(told)
        .containsExactly(
            "the heap held 800 MiB of at most 1000 MiB (80 %) after a collection (G1 Young Generation)");
  }

  @Test
  void shouldNotCallTheHeapTightBelowTheShareNorBeforeAnyCollection() {
    HeapAfterCollections heap = new HeapAfterCollections(0.8, MAX, told::add);
    assertThat(heap.tight()).isFalse();
    assertThat(heap.lastShare()).isNaN();

    heap.afterCollection("G1 Young Generation", (800L << 20) - 1);

    assertThat(heap.tight()).isFalse();
    assertThat(told).isEmpty();
  }

  @Test
  void shouldCallTheHeapRoomyAgainAfterACollectionThatFreedIt() {
    HeapAfterCollections heap = new HeapAfterCollections(0.8, MAX, told::add);
    heap.afterCollection("G1 Young Generation", 900L << 20);

    heap.afterCollection("G1 Old Generation", 300L << 20);

    assertThat(heap.tight()).isFalse();
    assertThat(heap.lastShare()).isEqualTo(0.3);
    assertThat(told).hasSize(1);
  }

  @Test
  void shouldHearOfThisJvmsCollectionsUntilClosed() {
    // a share of zero: any collection leaves the heap "tight", so the notification is what is seen
    try (HeapAfterCollections heap = HeapAfterCollections.watch(0.0, told::add)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                System.gc();
                return !told.isEmpty();
              });
      assertThat(heap.tight()).isTrue();
      assertThat(told.get(0)).matches("the heap held \\d+ MiB of at most \\d+ MiB \\(\\d+ %\\) after a collection \\(.+\\)");
    }
    // notifications of collections before the close may still be on their way: none is told
    told.clear();
    System.gc();
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(told::isEmpty);
  }
}
