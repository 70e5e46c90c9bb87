package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class StartupTimelineTest {
  @TempDir Path dir;

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
  void shouldReadTheProcessAgeFromProcInTicksSinceBoot() throws Exception {
    // started 1,234.56 s after boot (123,456 ticks); the machine has been up 1,300.25 s
    Files.createDirectories(dir.resolve("self"));
    Files.writeString(
        dir.resolve("self/stat"),
        "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 1 0 0 0 5 3 0 0 20 0 30 0 123456 99 7\n");
    Files.writeString(dir.resolve("uptime"), "1300.25 2500.00\n");

    assertThat(StartupTimeline.processAgeMillis(dir)).hasValue(65_690);
  }

  @Test
  void shouldHaveNoProcessAgeWithoutProc() {
    assertThat(StartupTimeline.processAgeMillis(dir.resolve("none"))).isEmpty();
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void shouldCountThisProcessFromNoLaterThanItsJvmStarted() {
    long sinceJvmStart =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();

    OptionalLong age = StartupTimeline.processAgeMillis(Path.of("/proc"));

    assertThat(age).isPresent();
    assertThat(age.getAsLong()).isBetween(sinceJvmStart - 20, sinceJvmStart + 5_000);
  }

  @Test
  void shouldGiveAPositiveTimeSinceThisProcessStarted() {
    assertThat(StartupTimeline.millisSinceProcessStart()).isPositive();
  }
}
