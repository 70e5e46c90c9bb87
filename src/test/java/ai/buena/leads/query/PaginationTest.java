package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PaginationTest {

  @Test
  void shouldHaveNoPagesWhenNothingMatches() {
    assertThat(Pagination.of(1, 10, 0)).isEqualTo(new Pagination(1, 10, 0, 0, false, false));
  }

  @Test
  void shouldRoundPagesUp() {
    assertThat(Pagination.of(1, 10, 247).pages()).isEqualTo(25);
    assertThat(Pagination.of(1, 10, 241).pages()).isEqualTo(25);
  }

  @Test
  void shouldCountExactMultiplesWithoutAnExtraPage() {
    assertThat(Pagination.of(1, 10, 250).pages()).isEqualTo(25);
    assertThat(Pagination.of(1, 1, 1).pages()).isEqualTo(1);
  }

  @Test
  void shouldMatchTheSeedExampleOnTheFirstPage() {
    assertThat(Pagination.of(1, 10, 247)).isEqualTo(new Pagination(1, 10, 247, 25, true, false));
  }

  @Test
  void shouldHaveBothNeighboursInTheMiddle() {
    assertThat(Pagination.of(3, 10, 247)).isEqualTo(new Pagination(3, 10, 247, 25, true, true));
  }

  @Test
  void shouldHaveNoNextPageOnTheLastPage() {
    assertThat(Pagination.of(25, 10, 247)).isEqualTo(new Pagination(25, 10, 247, 25, false, true));
  }

  @Test
  void shouldTellTheTruthPastTheEnd() {
    assertThat(Pagination.of(30, 10, 247)).isEqualTo(new Pagination(30, 10, 247, 25, false, true));
    assertThat(Pagination.of(2, 10, 0)).isEqualTo(new Pagination(2, 10, 0, 0, false, true));
  }

  @Test
  void shouldNotOverflowOnTheLargestTotals() {
    assertThat(Pagination.of(1, 100, Long.MAX_VALUE).pages()).isEqualTo(Long.MAX_VALUE / 100 + 1);
  }

  @Test
  void shouldRejectImpossibleArguments() {
    assertThatThrownBy(() -> Pagination.of(0, 10, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pagination.of(1, 0, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Pagination.of(1, 10, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
