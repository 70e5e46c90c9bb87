package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LeadMemoryTest {
  private final LeadMemory memory = new LeadMemory(1_000);

  @Test
  void shouldRefuseAChargeThatTakesTheTotalOverTheBudgetWhileAnotherRequestHoldsLeads() {
    try (LeadMemory.Hold first = memory.open();
        LeadMemory.Hold second = memory.open()) {
      first.take(600);

      assertThatThrownBy(() -> second.take(500))
          .isInstanceOf(LeadMemory.Full.class)
          .isInstanceOf(UnavailableException.class);
      assertThat(memory.held()).isEqualTo(600);
    }
  }

  @Test
  void shouldGrantChargesUpToTheBudgetAcrossRequests() {
    try (LeadMemory.Hold first = memory.open();
        LeadMemory.Hold second = memory.open()) {
      first.take(600);
      second.take(400);

      assertThat(memory.held()).isEqualTo(1_000);
    }
  }

  @Test
  void shouldLetARequestThatHoldsEverythingHeldGoPastTheBudget() {
    try (LeadMemory.Hold alone = memory.open()) {
      alone.take(900);
      alone.take(5_000);

      assertThat(memory.held()).isEqualTo(5_900);
    }
  }

  @Test
  void shouldReleaseEverythingAHoldTookWhenItCloses() {
    LeadMemory.Hold first = memory.open();
    first.take(700);
    first.close();

    try (LeadMemory.Hold second = memory.open()) {
      second.take(1_000);
      assertThat(memory.held()).isEqualTo(1_000);
    }
    assertThat(memory.held()).isZero();
  }

  @Test
  void shouldRefuseChargesForARequestThatHasEnded() {
    LeadMemory.Hold ended = memory.open();
    ended.close();

    assertThatThrownBy(() -> ended.take(1)).isInstanceOf(UnavailableException.class);
    assertThat(memory.held()).isZero();
  }

  @Test
  void shouldGiveTheThreadTheHoldItOpenedUntilItCloses() {
    try (LeadMemory.Hold hold = memory.open()) {
      LeadMemory.current().take(300);

      assertThat(memory.held()).isEqualTo(300);
    }
    LeadMemory.current().take(5_000);
    assertThat(memory.held()).isZero();
  }

  @Test
  void shouldChargeAMeterInStepsAndTheRestWhenFlushed() {
    try (LeadMemory.Hold hold = memory.open()) {
      LeadMemory.Meter charged = hold.meter();
      charged.add(LeadMemory.Meter.STEP - 1);
      assertThat(memory.held()).isZero();

      charged.add(2);
      assertThat(memory.held()).isEqualTo(LeadMemory.Meter.STEP + 1);

      charged.add(5);
      charged.flush();
      assertThat(memory.held()).isEqualTo(LeadMemory.Meter.STEP + 6);
    }
  }

  @Test
  void shouldBoundNothingWithABudgetOfZero() {
    LeadMemory off = new LeadMemory(0);
    try (LeadMemory.Hold first = off.open();
        LeadMemory.Hold second = off.open()) {
      first.take(1L << 40);
      second.take(1L << 40);

      assertThat(off.held()).isEqualTo(2L << 40);
    }
  }
}
