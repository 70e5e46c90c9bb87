package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DevRelaunchTest {
  private static final Optional<Path> JAR = Optional.of(Path.of("/app/lead-projection.jar"));
  private static final List<String> ARGS = List.of("dev", "--port", "8080");

  @Test
  void shouldRelaunchDevFromTheJarWithABoundedHeapWhenNoOptionBoundsIt() {
    assertThat(DevRelaunch.command("/jdk/bin/java", List.of("-Dfile.encoding=UTF-8"), JAR, ARGS, true))
        .hasValue(
            List.of(
                "/jdk/bin/java", "-Dfile.encoding=UTF-8", "-Xms256m", "-Xmx2g", "-XX:+ExitOnOutOfMemoryError",
                "-XX:TrimNativeHeapInterval=5000", "-Dleads.dev.relaunched=true", "-jar", "/app/lead-projection.jar", "dev", "--port", "8080"));
  }

  @Test
  void shouldLeaveOutTheNativeHeapTrimForAJvmThatDoesNotKnowIt() {
    assertThat(DevRelaunch.command("/jdk/bin/java", List.of(), JAR, ARGS, false).orElseThrow())
        .doesNotContain(DevRelaunch.TRIM_NATIVE_HEAP)
        .containsSubsequence("-Xmx2g", "-Dleads.dev.relaunched=true");
  }

  @Test
  void shouldFindThatThisJvmKnowsItsOwnOptionsAndNotMadeUpOnes() {
    assertThat(DevRelaunch.knowsOption("MaxHeapSize")).isTrue();
    assertThat(DevRelaunch.knowsOption("NoSuchOptionAnywhere")).isFalse();
  }

  @Test
  void shouldRunDevInThisJvmWhenItsHeapIsBounded() {
    assertThat(DevRelaunch.command("/jdk/bin/java", List.of("-Xmx512m"), JAR, ARGS, true)).isEmpty();
  }

  @Test
  void shouldRunDevInThisJvmWhenNotStartedFromAJar() {
    assertThat(DevRelaunch.command("/jdk/bin/java", List.of(), Optional.empty(), ARGS, true)).isEmpty();
  }

  @Test
  void shouldNotRelaunchTheRelaunchedJvmAgain() {
    assertThat(DevRelaunch.command("/jdk/bin/java", List.of("-Dleads.dev.relaunched=true"), JAR, ARGS, true))
        .isEmpty();
  }
}
