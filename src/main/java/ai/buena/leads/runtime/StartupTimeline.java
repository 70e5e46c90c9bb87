package ai.buena.leads.runtime;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each step of starting the service with the time since the process started ({@code
 * start-up: <step> after N ms}), so a slow restart's log says where its time went. The index
 * snapshot loads and the Kafka Streams states log their own lines.
 */
final class StartupTimeline {
  private static final Logger LOG = LoggerFactory.getLogger(StartupTimeline.class);

  private static final List<String> UNLOGGED = new ArrayList<>();
  /** Far more than the JVM takes from exec to its own start time. */
  static final long SCRIPT_BEFORE_JVM_MS = 1_000;
  private static final Path PROC = Path.of("/proc");
  /** Linux's USER_HZ, the unit of {@code /proc}'s times on every architecture Java runs on. */
  private static final int TICKS_PER_SECOND = 100;

  private StartupTimeline() {}

  /** Logs the step, after the steps {@link #noted} before it. */
  static synchronized void reached(String step) {
    UNLOGGED.forEach(LOG::info);
    UNLOGGED.clear();
    LOG.info("start-up: {} after {} ms", step, millisSinceProcessStart());
  }

  /**
   * Keeps the step's time for the next {@link #reached} line: a command that fails before it still
   * ends with its one error line.
   */
  static synchronized void noted(String step) {
    UNLOGGED.add("start-up: " + step + " after " + millisSinceProcessStart() + " ms");
  }

  /** From the start of this process (see {@link #startOf}). */
  static long millisSinceProcessStart() {
    return System.currentTimeMillis() - ProcessStart.MILLIS;
  }

  /** This process's start, found once: it does not change between the start-up lines. */
  private static final class ProcessStart {
    static final long MILLIS = find();

    private static long find() {
      long now = System.currentTimeMillis();
      long jvmStarted = ManagementFactory.getRuntimeMXBean().getStartTime();
      OptionalLong age = processAgeMillis(PROC);
      long osStarted =
          age.isPresent()
              ? now - age.getAsLong()
              : ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(jvmStarted);
      return startOf(osStarted, jvmStarted);
    }
  }

  /**
   * How long ago this process started, from Linux's {@code /proc} (in 10 ms ticks since boot), or
   * empty elsewhere. {@link ProcessHandle.Info#startInstant()} adds those ticks to the boot time,
   * which Linux gives in whole seconds: it was 0.6-1 s early on the benchmark machine.
   */
  static OptionalLong processAgeMillis(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("self/stat"));
      // after the command name, which may hold spaces: field 22, the start in ticks since boot
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long startTicks = Long.parseLong(fields[19]);
      double uptimeSeconds = Double.parseDouble(Files.readString(proc.resolve("uptime")).split(" ")[0]);
      long age = Math.round(uptimeSeconds * 1_000 - startTicks * 1_000.0 / TICKS_PER_SECOND);
      return age >= 0 ? OptionalLong.of(age) : OptionalLong.empty();
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * The operating system's start of the process (10 ms precision, JVM boot included), unless the
   * JVM started more than {@link #SCRIPT_BEFORE_JVM_MS} after it: then a script ran in the process
   * before it became Java (as {@code ops/dev.sh} building the jar, then {@code exec java}), and
   * the JVM's start is the service's.
   */
  static long startOf(long osStartMillis, long jvmStartMillis) {
    return jvmStartMillis - osStartMillis > SCRIPT_BEFORE_JVM_MS ? jvmStartMillis : osStartMillis;
  }
}
