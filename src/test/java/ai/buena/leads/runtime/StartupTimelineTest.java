package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartupTimelineTest {
  @Test
  void shouldCountFromTheProcessStartWhenTheJvmStartedWithIt() {
    assertThat(StartupTimeline.startOf(10_000, 10_040)).isEqualTo(10_000);
  }

  @Test
  void shouldCountFromTheJvmStartWhenAScriptRanBeforeItInTheSameProcess() {
    // ops/dev.sh building the jar for 34 s, then exec java
    assertThat(StartupTimeline.startOf(10_000, 44_000)).isEqualTo(44_000);
  }

  @Test
  void shouldGiveAPositiveTimeSinceThisProcessStarted() {
    assertThat(StartupTimeline.millisSinceProcessStart()).isPositive();
  }
}
