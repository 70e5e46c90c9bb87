package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class StalenessTest {
  @Test
  void shouldCountEachPartitionOnceWhenBothStepsOfAnAnswerReadItsStandby() {
    Staleness placed = Staleness.ofStandby(1, 4);
    Staleness read = Staleness.ofStandby(1, 9);

    assertThat(placed.alsoRead(read)).isEqualTo(new Staleness(9, 1, Set.of(1)));
  }

  @Test
  void shouldCountBothPartitionsWhenTheStepsOfAnAnswerReadDifferentStandbys() {
    Staleness placed = Staleness.ofStandby(1, 4);
    Staleness read = Staleness.ofStandby(2, 3);

    assertThat(placed.alsoRead(read)).isEqualTo(new Staleness(4, 2, Set.of(1, 2)));
  }

  @Test
  void shouldTakeTheLargerCountWhenAnInstanceOfAnEarlierVersionDidNotNameItsPartitions() {
    Staleness placed = Staleness.ofStandby(1, 4).and(Staleness.ofStandby(3, 1));
    Staleness read = new Staleness(6, 1);

    assertThat(placed.alsoRead(read)).isEqualTo(new Staleness(6, 2));
  }

  @Test
  void shouldAddThePartitionsOfAnswersFromDifferentInstances() {
    Staleness first = Staleness.ofStandby(0, 2);
    Staleness second = new Staleness(5, 2);

    assertThat(first.and(second)).isEqualTo(new Staleness(5, 3));
    assertThat(first.and(Staleness.NONE)).isEqualTo(first);
  }

  @Test
  void shouldRefuseMorePartitionsNamedThanCounted() {
    assertThatThrownBy(() -> new Staleness(1, 1, Set.of(1, 2)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
