package ai.buena.leads.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of this JVM's threads, grouped by name with digits as N (Jetty's pool threads, the
 * HTTP client's, the stream threads, ...), between a snapshot and now: where a benchmark's CPU goes
 * when service, broker and client share the JVM.
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<Long, Long> before;
  private final long processBefore;

  private ThreadCpu(Map<Long, Long> before, long processBefore) {
    this.before = before;
    this.processBefore = processBefore;
  }

  /** Each live thread's CPU time now, and the process's. */
  static ThreadCpu snapshot() {
    Map<Long, Long> cpu = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      cpu.put(id, THREADS.getThreadCpuTime(id));
    }
    return new ThreadCpu(cpu, processCpuNanos());
  }

  /** The process's CPU time (ns) since the snapshot, ended threads included. */
  long processNanos() {
    return processCpuNanos() - processBefore;
  }

  /** CPU time (ns) per thread group since the snapshot (threads that ended meanwhile are lost). */
  Map<String, Long> byGroup() {
    Map<String, Long> groups = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long now = THREADS.getThreadCpuTime(id);
      ThreadInfo info = THREADS.getThreadInfo(id);
      if (now < 0 || info == null) {
        continue;
      }
      String group = info.getThreadName().replaceAll("[0-9]+", "N");
      groups.merge(group, now - before.getOrDefault(id, 0L), Long::sum);
    }
    return groups;
  }

  /** CPU time (ns) since the snapshot of the threads that serve HTTP (Jetty's pool). */
  long serverNanos() {
    return byGroup().entrySet().stream()
        .filter(group -> group.getKey().contains("Jetty"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** The largest groups first, as microseconds per {@code units} (leads, requests). */
  static String perUnit(Map<String, Long> groups, long units) {
    StringBuilder out = new StringBuilder("{");
    groups.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(8)
        .forEach(
            group ->
                out.append(out.length() > 1 ? ", " : "")
                    .append(group.getKey())
                    .append('=')
                    .append(String.format("%.2f", group.getValue() / 1e3 / units)));
    return out.append('}').toString();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
