package ai.buena.leads.runtime;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    long jvmStarted = ManagementFactory.getRuntimeMXBean().getStartTime();
    long started =
        ProcessHandle.current()
            .info()
            .startInstant()
            .map(os -> startOf(os.toEpochMilli(), jvmStarted))
            .orElse(jvmStarted);
    return System.currentTimeMillis() - started;
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
