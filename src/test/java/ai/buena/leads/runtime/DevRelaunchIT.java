package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.testing.FreePorts;
import ai.buena.leads.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar lead-projection.jar dev} without {@code -Xmx}: dev runs in a bounded JVM. */
class DevRelaunchIT {
  private static final Duration STARTED = Duration.ofMinutes(3);
  private static final Duration GONE = Duration.ofMinutes(2);

  @TempDir Path dir;
  private Process launcher;

  @AfterEach
  void killWhatIsLeft() {
    if (launcher != null) {
      launcher.descendants().forEach(ProcessHandle::destroyForcibly);
      launcher.destroyForcibly();
    }
  }

  @Test
  void shouldRunDevWithATwoGibibyteHeapWhenStartedWithoutAHeapBound() throws IOException {
    Path output = startWithoutHeapBound();

    awaitOutput(output, "Heap:   up to");

    assertThat(Files.readString(output))
        .contains("starting dev in a JVM with -Xms256m -Xmx2g")
        .contains("Heap:   up to 2048 MiB")
        .doesNotContain("no heap bound given (-Xmx): this JVM may grow");
  }

  @Test
  void shouldStopTheRelaunchedDevWhenTheLauncherIsTerminated() throws IOException {
    startWithoutHeapBound();
    awaitRelaunchedDevStarting();
    List<ProcessHandle> dev = launcher.descendants().toList();
    assertThat(dev).isNotEmpty();

    launcher.destroy();

    await().atMost(GONE).until(() -> !launcher.isAlive() && dev.stream().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void shouldStopTheRelaunchedDevWhenTheLauncherIsKilled() throws IOException {
    startWithoutHeapBound();
    awaitRelaunchedDevStarting();
    List<ProcessHandle> dev = launcher.descendants().toList();
    assertThat(dev).isNotEmpty();

    launcher.destroyForcibly();

    await().atMost(GONE).until(() -> dev.stream().noneMatch(ProcessHandle::isAlive));
  }

  /**
   * The relaunched dev writes its cluster secret after it has begun to watch its launcher, and
   * long before the broker is up: stopping it from then on is what these tests need.
   */
  private void awaitRelaunchedDevStarting() {
    await().atMost(STARTED).until(() -> Files.exists(dir.resolve("data").resolve("cluster-secret")));
  }

  /**
   * Waits for {@code text} in dev's output; dev ending first, or a timeout, fails with that output
   * (deleted with the test's directory after).
   */
  private void awaitOutput(Path output, String text) throws IOException {
    try {
      await().atMost(STARTED).until(() -> Files.readString(output).contains(text) || !launcher.isAlive());
    } catch (ConditionTimeoutException timeout) {
      throw new AssertionError(
          "dev printed no '" + text + "' within " + STARTED + "; its output:\n" + Files.readString(output), timeout);
    }
    if (!Files.readString(output).contains(text)) {
      throw new AssertionError(
          "dev ended (exit " + launcher.exitValue() + ") without printing '" + text + "'; its output:\n"
              + Files.readString(output));
    }
  }

  private Path startWithoutHeapBound() throws IOException {
    List<Integer> ports = FreePorts.take(2);
    Path output = dir.resolve("dev.log");
    launcher =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ServiceProcess.jar().toString(),
                "dev",
                "--data-dir", dir.resolve("data").toString(),
                "--port", ports.get(0).toString(),
                "--kafka-port", ports.get(1).toString(),
                "--demo-leads", "0")
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    return output;
  }
}
