package ai.buena.leads.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real service, {@code java -jar target/lead-projection.jar serve ...}, as a child process of
 * the test JVM: started, killed with SIGKILL and restarted with the same arguments (so on the same
 * data directory and port). Each start writes its stdout and stderr to its own log file.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final Duration GONE = Duration.ofSeconds(30);
  /** A clean close flushes and checkpoints every store: longer than a kill with much data. */
  private static final Duration STOPPED = Duration.ofMinutes(2);

  private final String name;
  private final int port;
  private final List<String> serveArgs;
  private final Path logDir;
  private final Launch launch;
  private Process process;
  private int starts;

  /**
   * How the process is launched, apart from its {@code serve} arguments.
   *
   * @param jarFile the jar to run; null: {@link #jar()}
   * @param javaHome the JDK that runs it; null: the test JVM's
   */
  private record Launch(List<String> jvmOptions, Map<String, String> environment, Path jarFile, Path javaHome) {
    Launch {
      jvmOptions = List.copyOf(jvmOptions);
      environment = Map.copyOf(environment);
    }
  }

  private ServiceProcess(String name, int port, List<String> serveArgs, Path logDir, Launch launch) {
    this.name = name;
    this.port = port;
    this.serveArgs = List.copyOf(serveArgs);
    this.logDir = logDir;
    this.launch = launch;
  }

  private ServiceProcess launched(Launch other) {
    return new ServiceProcess(name, port, serveArgs, logDir, other);
  }

  /**
   * A {@code serve} process on {@code port}; {@code serveArgs} are the flags after {@code serve}
   * other than {@code --port}. Rate limits are off unless {@code serveArgs} set {@code
   * --rate-limits}.
   */
  public static ServiceProcess serve(String name, int port, List<String> serveArgs, Path logDir) {
    return new ServiceProcess(
        name, port, serveArgs, logDir, new Launch(List.of("-Xmx1g"), Map.of(), null, testRunJavaHome()));
  }

  /** The same service started with these JVM options (e.g. {@code -Xmx768m}) instead of -Xmx1g. */
  public ServiceProcess withJvmOptions(List<String> options) {
    return launched(new Launch(options, launch.environment(), launch.jarFile(), launch.javaHome()));
  }

  /** The same service started with these environment variables added to the test JVM's. */
  public ServiceProcess withEnvironment(Map<String, String> variables) {
    return launched(new Launch(launch.jvmOptions(), variables, launch.jarFile(), launch.javaHome()));
  }

  /** The same service run from another jar (e.g. an older build, for a side-by-side comparison). */
  public ServiceProcess withJar(Path jar) {
    return launched(new Launch(launch.jvmOptions(), launch.environment(), jar, launch.javaHome()));
  }

  /** The same service run by another JDK (e.g. a newer one than the tests'). */
  public ServiceProcess withJavaHome(Path home) {
    return launched(new Launch(launch.jvmOptions(), launch.environment(), launch.jarFile(), home));
  }

  /** The runnable jar the {@code package} phase built (the failsafe phase runs after it). */
  public static Path jar() {
    Path jar = Path.of("target", "lead-projection.jar").toAbsolutePath();
    assertThat(jar).as("run `mvn -DskipTests package` first").isRegularFile();
    return jar;
  }

  /**
   * The JVM options the build adds to every service it starts ({@code -Dleads.it.serviceJvmOptions},
   * set by the failsafe plugin for the integration tests, empty for benchmarks).
   */
  private static List<String> testRunOptions() {
    String options = System.getProperty("leads.it.serviceJvmOptions", "").strip();
    return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
  }

  /**
   * The JDK every service of a test run uses unless a test picks one ({@code
   * -Dleads.it.serviceJavaHome=<jdk>}, e.g. to run the integration tests' services on a newer
   * Java); null: the test JVM's.
   */
  private static Path testRunJavaHome() {
    String home = System.getProperty("leads.it.serviceJavaHome", "").strip();
    return home.isEmpty() ? null : Path.of(home);
  }

  /** A port free now and never handed out before in this JVM ({@link FreePorts}). */
  public static int freePort() {
    return FreePorts.take(1).get(0);
  }

  public String name() {
    return name;
  }

  public String baseUrl() {
    return "http://localhost:" + port;
  }

  public int port() {
    return port;
  }

  public synchronized ServiceProcess start() {
    assertThat(process == null || !process.isAlive()).as(name + " is already running").isTrue();
    starts++;
    List<String> command = new ArrayList<>();
    command.add(javaHome().resolve("bin").resolve("java").toString());
    command.addAll(launch.jvmOptions());
    command.addAll(testRunOptions());
    command.add("-jar");
    command.add((launch.jarFile() == null ? jar() : launch.jarFile()).toString());
    command.add("serve");
    command.add("--port");
    command.add(Integer.toString(port));
    if (!serveArgs.contains("--rate-limits")) {
      // The checks page through every lead of a workspace: far more than Buena's per-key preset.
      command.add("--rate-limits");
      command.add("off");
    }
    command.addAll(serveArgs);
    try {
      Files.createDirectories(logDir);
      Path log = log();
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(launch.environment());
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
    return this;
  }

  /**
   * SIGKILL ({@link Process#destroyForcibly()} on Linux): no shutdown hook, no clean close of
   * Kafka Streams. Returns once the operating system no longer knows the process.
   */
  public synchronized void kill() {
    Process killed = process;
    long pid = killed.pid();
    killed.destroyForcibly();
    await()
        .atMost(GONE)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () ->
                !killed.isAlive()
                    && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty());
    // 128 + 9: the JVM ended by SIGKILL, not by an orderly exit.
    assertThat(killed.exitValue()).as(name + " (pid " + pid + ") exit value").isEqualTo(137);
  }

  /**
   * SIGTERM ({@link Process#destroy()} on Linux): the service closes Kafka Streams cleanly and
   * writes its checkpoints. Returns once the process has exited.
   */
  public synchronized void terminate() {
    sigterm();
    awaitExit(STOPPED);
  }

  /** Sends SIGTERM and returns at once: the service drains and stops on its own. */
  public synchronized void sigterm() {
    process.destroy();
  }

  /** Waits until the process has exited, at most {@code deadline}; returns its exit value. */
  public int awaitExit(Duration deadline) {
    Process exiting;
    synchronized (this) {
      exiting = process;
    }
    await().atMost(deadline).pollInterval(Duration.ofMillis(20)).until(() -> !exiting.isAlive());
    return exiting.exitValue();
  }

  /** The file that holds the stdout and stderr of the latest start. */
  public synchronized Path log() {
    return logDir.resolve(name + "-start" + starts + ".log");
  }

  /** The JDK that runs the service. */
  public Path javaHome() {
    return launch.javaHome() == null ? Path.of(System.getProperty("java.home")) : launch.javaHome();
  }

  /** The operating system's id of the running process. */
  public synchronized long pid() {
    return process.pid();
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  @Override
  public synchronized void close() {
    if (isAlive()) {
      kill();
    }
  }
}
