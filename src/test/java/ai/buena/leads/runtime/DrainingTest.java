package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.http.Readiness.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The readiness of a stopping instance, and the notice the others get before it stops. */
class DrainingTest {
  private final Draining draining = new Draining(Status::ok);

  @Test
  void shouldBeReadyAndNotStoppingBeforeTheDrain() {
    assertThat(draining.status()).isEqualTo(Status.ok());
  }

  @Test
  void shouldBeNotReadyButNotYetStoppingDuringTheDrain() {
    draining.start();

    assertThat(draining.status().ready()).isFalse();
    assertThat(draining.status().stopping()).isFalse();
  }

  @Test
  void shouldSayItIsStoppingAtTheEndOfTheDrain() {
    draining.start();

    draining.stopSoon();

    assertThat(draining.status().ready()).isFalse();
    assertThat(draining.status().stopping()).isTrue();
  }

  @Test
  void shouldGiveASecondOfNoticeAtTheEndOfALongDrain() {
    assertThat(LeadProjectionApp.stopNotice(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldGiveHalfOfAShortDrainAsNotice() {
    assertThat(LeadProjectionApp.stopNotice(Duration.ofMillis(600))).isEqualTo(Duration.ofMillis(300));
  }
}
