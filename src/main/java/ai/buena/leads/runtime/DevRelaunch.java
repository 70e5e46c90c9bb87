package ai.buena.leads.runtime;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar lead-projection.jar dev} without a heap bound would let the JVM grow to a
 * quarter of the machine's memory (6.2 GB of RSS at 1,000,000 leads on a 24 GiB machine). So
 * {@code dev} then starts the JVM again with the options {@code ops/dev.sh} gives it, and waits
 * for it: signals to this process stop that one cleanly, and that one stops by itself when this
 * one is gone.
 */
final class DevRelaunch {
  /** Those of ops/dev.sh: broker, projection and API share the heap (~2 million leads). */
  static final List<String> BOUNDED_OPTIONS =
      List.of("-Xms256m", "-Xmx2g", "-XX:+ExitOnOutOfMemoryError");

  /**
   * glibc's free memory returned every 5 s (ops/runbook.md, Memory sizing), given only to a JVM
   * that knows the option (Java 17 updates before 17.0.9 do not, and would refuse to start).
   */
  static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";

  /** Two glibc malloc arenas, as ops/dev.sh and the image set (ops/runbook.md, Memory sizing). */
  static final String MALLOC_ARENA_MAX = "2";

  private static final String RELAUNCHED_PROPERTY = "leads.dev.relaunched";
  private static final String RELAUNCHED_OPTION = "-D" + RELAUNCHED_PROPERTY + "=true";
  /** Longer than a clean stop of dev (Kafka Streams, snapshots, the broker). */
  private static final long STOP_SECONDS = 120;

  private DevRelaunch() {}

  /**
   * The command that runs {@code dev} in a bounded JVM, or empty when this JVM runs it itself: its
   * heap is bounded, it is not started from a jar (tests, an IDE), or it is the relaunched one.
   */
  static Optional<List<String>> command(
      String java,
      List<String> jvmOptions,
      Optional<Path> jar,
      List<String> args,
      boolean trimsNativeHeap) {
    if (jar.isEmpty() || HeapBound.isBounded(jvmOptions) || jvmOptions.contains(RELAUNCHED_OPTION)) {
      return Optional.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmOptions);
    command.addAll(BOUNDED_OPTIONS);
    if (trimsNativeHeap) {
      command.add(TRIM_NATIVE_HEAP);
    }
    command.add(RELAUNCHED_OPTION);
    command.add("-jar");
    command.add(jar.get().toString());
    command.addAll(args);
    return Optional.of(command);
  }

  /** {@link #command} for this JVM and these command-line arguments ({@code dev} first). */
  static Optional<List<String>> commandForThisJvm(List<String> args) {
    return command(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(),
        thisJar(),
        args,
        knowsOption("TrimNativeHeapInterval"));
  }

  /** Whether this JVM (the relaunch runs the same one) has the option {@code name}. */
  static boolean knowsOption(String name) {
    try {
      java.lang.management.ManagementFactory.getPlatformMXBean(
              com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption(name);
      return true;
    } catch (IllegalArgumentException | NullPointerException e) {
      return false;
    }
  }

  /** Runs {@code command} with this process's input and output; returns its exit code. */
  static int run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    builder.environment().putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX);
    Process child = builder.start();
    Thread stopChild =
        new Thread(
            () -> {
              child.destroy();
              try {
                child.waitFor(STOP_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "dev-relaunch-stop");
    Runtime.getRuntime().addShutdownHook(stopChild);
    int exit = child.waitFor();
    try {
      Runtime.getRuntime().removeShutdownHook(stopChild);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook stops the child, which has exited already
    }
    return exit;
  }

  /** In the relaunched JVM: exit (cleanly, through the shutdown hooks) once the launcher is gone. */
  static void exitWithLauncher() {
    if (Boolean.getBoolean(RELAUNCHED_PROPERTY)) {
      ProcessHandle.current().parent().ifPresent(launcher -> launcher.onExit().thenRun(() -> System.exit(0)));
    }
  }

  private static Optional<Path> thisJar() {
    try {
      Path location = Path.of(DevRelaunch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isRegularFile(location) && location.toString().endsWith(".jar")
          ? Optional.of(location)
          : Optional.empty();
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
