package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.query.Staleness;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StalenessHeaderTest {
  @Test
  void shouldReadTheNamedPartitionsOfAnInternalAnswer() {
    assertThat(StalenessHeader.parse(Optional.of("records=7, partitions=2"), Optional.of("1,4")))
        .contains(new Staleness(7, 2, Set.of(1, 4)));
  }

  @Test
  void shouldCountWithoutNamesThePartitionsOfAnInstanceOfAnEarlierVersion() {
    assertThat(StalenessHeader.parse(Optional.of("records=7, partitions=2"), Optional.empty()))
        .contains(new Staleness(7, 2));
  }

  @Test
  void shouldReadNoStalenessWithoutTheHeader() {
    assertThat(StalenessHeader.parse(Optional.empty(), Optional.empty())).contains(Staleness.NONE);
  }

  @Test
  void shouldReadNamesWithSpacesAroundTheirCommas() {
    assertThat(StalenessHeader.parse(Optional.of("records=7, partitions=2"), Optional.of("1, 4")))
        .contains(new Staleness(7, 2, Set.of(1, 4)));
  }

  @Test
  void shouldCountWithoutNamesWhenTheNamesAreNotNumbers() {
    assertThat(StalenessHeader.parse(Optional.of("records=7, partitions=2"), Optional.of("1,x")))
        .contains(new Staleness(7, 2));
    assertThat(StalenessHeader.parse(Optional.of("records=7, partitions=2"), Optional.of("1,")))
        .contains(new Staleness(7, 2));
  }

  @Test
  void shouldCountWithoutNamesWhenTheNamesAreNotTheCountedPartitions() {
    assertThat(StalenessHeader.parse(Optional.of("records=7, partitions=2"), Optional.of("1")))
        .contains(new Staleness(7, 2));
    assertThat(StalenessHeader.parse(Optional.of("records=7, partitions=2"), Optional.of("1,1")))
        .contains(new Staleness(7, 2));
    assertThat(StalenessHeader.parse(Optional.of("records=7, partitions=2"), Optional.of("1,2,3")))
        .contains(new Staleness(7, 2));
  }

  @Test
  void shouldRefuseAMalformedCount() {
    assertThat(StalenessHeader.parse(Optional.of("records=7, partitions=x"), Optional.of("1")))
        .isEmpty();
  }
}
