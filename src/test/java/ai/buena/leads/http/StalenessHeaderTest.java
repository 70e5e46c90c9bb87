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
  void shouldRefusePartitionsThatAreNotNumbers() {
    assertThat(StalenessHeader.parse(Optional.of("records=7, partitions=2"), Optional.of("1,x")))
        .isEmpty();
    assertThat(StalenessHeader.parse(Optional.of("records=7, partitions=2"), Optional.of("1,")))
        .isEmpty();
  }

  @Test
  void shouldRefuseNamesThatDisagreeWithTheCount() {
    assertThat(StalenessHeader.parse(Optional.of("records=7, partitions=2"), Optional.of("1")))
        .isEmpty();
  }
}
