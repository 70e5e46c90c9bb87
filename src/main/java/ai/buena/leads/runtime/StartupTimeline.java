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

  /** From the operating system's start of this process (10 ms precision), else the JVM's. */
  static long millisSinceProcessStart() {
    long started =
        ProcessHandle.current()
            .info()
            .startInstant()
            .map(Instant::toEpochMilli)
            .orElseGet(() -> ManagementFactory.getRuntimeMXBean().getStartTime());
    return System.currentTimeMillis() - started;
  }
}
