package ai.buena.leads.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SeededTest {

  @AfterEach
  void forgetTheReplaySeed() {
    System.clearProperty(Seeded.REPLAY_PROPERTY);
  }

  @Test
  void shouldRunEveryCaseWithItsOwnRandom() {
    List<Long> draws = new ArrayList<>();

    Seeded.check(50, random -> draws.add(random.nextLong()));

    assertThat(draws).hasSize(50).doesNotHaveDuplicates();
  }

  @Test
  void shouldNameTheFailingCaseItsSeedAndHowToReplayIt() {
    assertThatThrownBy(() -> Seeded.check(100, random -> assertThat(random.nextInt(10)).isNotZero()))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("failed with seed ")
        .hasMessageContaining(
            "-Dtest=SeededTest#shouldNameTheFailingCaseItsSeedAndHowToReplayIt -Dseed=")
        .hasMessageContaining("not to be equal to");
  }

  @Test
  void shouldReplayOnlyTheCaseOfTheGivenSeed() {
    long seed = failingSeed();
    System.setProperty(Seeded.REPLAY_PROPERTY, Long.toString(seed));
    List<Integer> replayed = new ArrayList<>();

    assertThatThrownBy(
            () ->
                Seeded.check(
                    100,
                    random -> {
                      int value = random.nextInt(10);
                      replayed.add(value);
                      assertThat(value).isNotZero();
                    }))
        .hasMessageContaining("the replayed case failed with seed " + seed);
    assertThat(replayed).containsExactly(0);
  }

  private static long failingSeed() {
    long seed = 0;
    while (new Random(seed).nextInt(10) != 0) {
      seed++;
    }
    return seed;
  }
}
