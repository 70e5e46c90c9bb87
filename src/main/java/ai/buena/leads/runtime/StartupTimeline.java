package ai.buena.leads.runtime;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each step of starting the service with the time since the process started ({@code
 * start-up: <step> after N ms}), so a slow restart's log says where its time went. The index
 * snapshot loads and the Kafka Streams states log their own lines.
 */
final class StartupTimeline {
  private static final Logger LOG = LoggerFactory.getLogger(StartupTimeline.class);

  private StartupTimeline() {}

  static void reached(String step) {
    LOG.info("start-up: {} after {} ms", step, millisSinceProcessStart());
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
