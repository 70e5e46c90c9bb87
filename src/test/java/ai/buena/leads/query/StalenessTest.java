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
  void shouldKeepTheNamesAndTheLargerUnnamedCountWhenAnInstanceOfAnEarlierVersionDidNotName() {
    // placed: partitions 1 and 2 named by this version, one partition counted by an earlier one;
    // read: partitions 1, 2 and 5 named
    Staleness placed = Staleness.ofStandby(1, 4).and(Staleness.ofStandby(2, 1)).and(new Staleness(6, 1));
    Staleness read = Staleness.ofStandby(1, 2).and(Staleness.ofStandby(2, 2)).and(Staleness.ofStandby(5, 3));

    assertThat(placed.alsoRead(read)).isEqualTo(new Staleness(6, 4, Set.of(1, 2, 5)));
  }

  @Test
  void shouldAddThePartitionsOfAnswersFromDifferentInstances() {
    Staleness first = Staleness.ofStandby(0, 2);
    Staleness second = new Staleness(5, 2);

    assertThat(first.and(second)).isEqualTo(new Staleness(5, 3, Set.of(0)));
    assertThat(first.and(Staleness.NONE)).isEqualTo(first);
  }

  @Test
  void shouldRefuseMorePartitionsNamedThanCounted() {
    assertThatThrownBy(() -> new Staleness(1, 1, Set.of(1, 2)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
