package ai.buena.leads.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongKeyedMapTest {

  @Test
  void shouldHoldWhatAHashMapHoldsThroughManyAddsAndRemoves() {
    Random random = new Random(9);
    LongKeyedMap<String> map = new LongKeyedMap<>();
    Map<Long, String> expected = new HashMap<>();
    for (int step = 0; step < 200_000; step++) {
      long key = random.nextInt(5_000) * (random.nextBoolean() ? 1L : 0x1_0000_0001L);
      if (random.nextInt(3) == 0) {
        map.remove(key);
        expected.remove(key);
      } else {
        String value = "v" + key;
        assertThat(map.computeIfAbsent(key, () -> value)).isEqualTo(expected.computeIfAbsent(key, k -> value));
      }
    }
    assertThat(map.size()).isEqualTo(expected.size());
    for (int key = 0; key < 5_000; key++) {
      assertThat(map.get(key)).isEqualTo(expected.get((long) key));
      assertThat(map.get(key * 0x1_0000_0001L)).isEqualTo(expected.get(key * 0x1_0000_0001L));
    }
  }

  @Test
  void shouldCreateAValueOnlyWhenTheKeyIsAbsent() {
    LongKeyedMap<StringBuilder> map = new LongKeyedMap<>();
    StringBuilder first = map.computeIfAbsent(42L, StringBuilder::new);

    assertThat(map.computeIfAbsent(42L, StringBuilder::new)).isSameAs(first);
    assertThat(map.get(43L)).isNull();
  }
}
