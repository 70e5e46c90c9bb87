package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.query.UnavailableException;
import org.junit.jupiter.api.Test;

class AnswerMemoryTest {
  @Test
  void shouldRefuseAnAnswerThatWouldTakeTheTotalOverTheBudgetUntilAnotherIsReleased() {
    AnswerMemory memory = new AnswerMemory(100);
    AnswerMemory.Reservation first = memory.reserve(60);

    assertThatThrownBy(() -> memory.reserve(50))
        .isInstanceOf(UnavailableException.class)
        .satisfies(e -> assertThat(((UnavailableException) e).retryAfter()).isPositive());
    first.close();

    memory.reserve(50);
    assertThat(memory.held()).isEqualTo(50);
  }

  @Test
  void shouldAnswerAPageLargerThanTheWholeBudgetWhenNoOtherAnswerHoldsAny() {
    AnswerMemory memory = new AnswerMemory(100);

    AnswerMemory.Reservation large = memory.reserve(500);

    assertThatThrownBy(() -> memory.reserve(1)).isInstanceOf(UnavailableException.class);
    large.close();
    assertThat(memory.held()).isZero();
  }

  @Test
  void shouldAdmitAnswersWithinTheBudgetTogether() {
    AnswerMemory memory = new AnswerMemory(100);

    memory.reserve(40);
    memory.reserve(60);

    assertThat(memory.held()).isEqualTo(100);
  }

  @Test
  void shouldHoldNothingWhenTurnedOff() {
    AnswerMemory memory = new AnswerMemory(0);

    memory.reserve(1_000);
    memory.reserve(1_000);

    assertThat(memory.held()).isZero();
  }
}
