package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.http.Readiness;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StoreLagVerdictTest {
  private static final long BOUND = 100;
  private static final long GRACE = StoreLagVerdict.UNKNOWN_GRACE.toMillis();
  private static final long EXTENSION = StoreLagVerdict.HEARTBEAT_EXTENSION.toMillis();

  private static final Duration SESSION = Duration.ofSeconds(30);

  private final StoreLagVerdict verdict = new StoreLagVerdict(BOUND, SESSION);

  @Test
  void shouldBeReadyWhenTheWorstLagIsWithinTheBound() {
    assertThat(verdict.whileRunning(OptionalLong.of(BOUND), 0, 0).ready()).isTrue();
  }

  @Test
  void shouldNotBeReadyWhileAStoreIsFurtherBehind() {
    assertThat(verdict.whileRunning(OptionalLong.of(BOUND + 1), 0, 0).reason())
        .isEqualTo("stores are restoring: 101 records behind");
  }

  @Test
  void shouldStayReadyWhileLagsCannotBeMeasuredWithinTheGraceAfterTheStoresWereCaughtUp() {
    verdict.whileRunning(OptionalLong.of(0), 1_000, 1_000);

    assertThat(verdict.whileRunning(OptionalLong.empty(), 1_000 + GRACE - 1, 1_000 + GRACE - 1).ready()).isTrue();
  }

  @Test
  void shouldNotBeReadyOnceLagsCouldNotBeMeasuredForTheWholeGrace() {
    verdict.whileRunning(OptionalLong.of(0), 1_000, 1_000);

    assertThat(verdict.whileRunning(OptionalLong.empty(), 1_000 + GRACE, 1_000 + GRACE).reason())
        .isEqualTo("store lags unavailable");
  }

  @Test
  void shouldCountTheGraceFromWhenTheLastMeasurementWasTaken() {
    verdict.whileRunning(OptionalLong.of(0), 1_000, 5_000);

    assertThat(verdict.whileRunning(OptionalLong.empty(), 1_000 + GRACE, 1_000 + GRACE).ready())
        .isFalse();
  }

  @Test
  void shouldNotBeReadyWhenLagsWereNeverMeasured() {
    assertThat(verdict.whileRunning(OptionalLong.empty(), 0, 0).ready()).isFalse();
  }

  @Test
  void shouldNotCarryACaughtUpVerdictOverARebalance() {
    verdict.whileRunning(OptionalLong.of(0), 1_000, 1_000);
    verdict.notRunning();

    assertThat(verdict.whileRunning(OptionalLong.empty(), 1_001, 1_001).ready()).isFalse();
  }

  @Test
  void shouldNotCarryACaughtUpVerdictOverAMeasurementThatFoundAStoreBehind() {
    verdict.whileRunning(OptionalLong.of(0), 1_000, 1_000);
    verdict.whileRunning(OptionalLong.of(BOUND + 1), 1_500, 1_500);

    assertThat(verdict.whileRunning(OptionalLong.empty(), 2_000, 2_000).ready()).isFalse();
  }

  @Test
  void shouldStayReadyPastTheGraceWhileTheCoordinatorAnswersThisInstancesHeartbeats() {
    verdict.whileRunning(OptionalLong.of(0), 1_000, 1_000);
    long later = 1_000 + GRACE + EXTENSION - 1;

    Readiness.Status status =
        verdict.whileRunning(OptionalLong.empty(), later, later, OptionalLong.of(later - 3_000));

    assertThat(status.ready()).isTrue();
    assertThat(status.reason()).contains("the group coordinator answers this instance's heartbeats");
  }

  @Test
  void shouldNotBeReadyOnceTheLagsWereUnknownForTheGraceAndTheWholeExtension() {
    verdict.whileRunning(OptionalLong.of(0), 1_000, 1_000);
    long later = 1_000 + GRACE + EXTENSION;

    assertThat(verdict.whileRunning(OptionalLong.empty(), later, later, OptionalLong.of(later - 1_000)).reason())
        .isEqualTo("store lags unavailable");
  }

  @Test
  void shouldNotBeReadyPastTheGraceOnceTheLastAnsweredHeartbeatIsHalfASessionTimeoutOld() {
    verdict.whileRunning(OptionalLong.of(0), 1_000, 1_000);
    long later = 1_000 + 2 * GRACE;

    Readiness.Status status =
        verdict.whileRunning(
            OptionalLong.empty(), later, later, OptionalLong.of(later - SESSION.toMillis() / 2));

    assertThat(status.reason()).isEqualTo("store lags unavailable");
  }

  @Test
  void shouldNotTakeAnsweredHeartbeatsForCaughtUpStores() {
    assertThat(verdict.whileRunning(OptionalLong.empty(), 1_000, 1_000, OptionalLong.of(999)).ready())
        .isFalse();
  }

  @Test
  void shouldBoundTheHeartbeatsAgeByHalfAShortSessionTimeout() {
    StoreLagVerdict shortSession = new StoreLagVerdict(BOUND, Duration.ofSeconds(6));
    shortSession.whileRunning(OptionalLong.of(0), 1_000, 1_000);
    long later = 1_000 + 2 * GRACE;

    assertThat(
            shortSession
                .whileRunning(OptionalLong.empty(), later, later, OptionalLong.of(later - 3_000))
                .ready())
        .isFalse();
  }
}
