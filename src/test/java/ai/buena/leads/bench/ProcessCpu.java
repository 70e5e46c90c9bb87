package ai.buena.leads.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time a Linux process has used (user + system, its ended threads included), from {@code
 * /proc/<pid>/stat}, and per live thread from {@code /proc/<pid>/task/<tid>/stat}. Unlike wall-clock
 * time, it hardly depends on what else the machine runs.
 */
final class ProcessCpu {
  /** USER_HZ: the unit of utime and stime; 100 on every Linux the project runs on. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  /** The process's CPU seconds so far. */
  static double seconds(long pid) {
    return secondsOf(Path.of("/proc", Long.toString(pid), "stat"));
  }

  /**
   * CPU seconds per kind of live thread, most first: thread names with their numbers taken out
   * ({@code GC Thread#0} and {@code GC Thread#1} count as {@code GC Thread#}).
   */
  static Map<String, Double> byThreadKind(long pid) {
    Map<String, Double> kinds = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      tasks.forEach(
          task -> {
            try {
              String stat = Files.readString(task.resolve("stat"));
              String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
              kinds.merge(name.replaceAll("[0-9]+", ""), secondsIn(stat), Double::sum);
            } catch (IOException | RuntimeException e) {
              // the thread ended meanwhile: its time is in the process's total
            }
          });
    } catch (IOException e) {
      return Map.of();
    }
    return kinds.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }

  /** {@link #byThreadKind} as one line: the {@code top} kinds, then the rest together. */
  static String breakdown(long pid, int top) {
    Map<String, Double> kinds = byThreadKind(pid);
    StringBuilder line = new StringBuilder();
    double rest = 0;
    int shown = 0;
    for (Map.Entry<String, Double> kind : kinds.entrySet()) {
      if (shown++ < top) {
        line.append(String.format(Locale.ROOT, "%s %.2f; ", kind.getKey(), kind.getValue()));
      } else {
        rest += kind.getValue();
      }
    }
    return line.append(String.format(Locale.ROOT, "others %.2f", rest)).toString();
  }

  /**
   * Microseconds of CPU per unit of work ({@code units}, e.g. events) of each kind of thread of
   * {@code pid} since {@code before} (its {@link #byThreadKind} then), the {@code top} kinds and the
   * rest, as one line. Threads that ended meanwhile are missing (their time is in the process's).
   */
  static String perUnitSince(Map<String, Double> before, long pid, long units, int top) {
    Map<String, Double> since = new LinkedHashMap<>();
    byThreadKind(pid).forEach((kind, seconds) -> since.put(kind, seconds - before.getOrDefault(kind, 0.0)));
    StringBuilder line = new StringBuilder();
    double rest = 0;
    int shown = 0;
    for (Map.Entry<String, Double> kind :
        since.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList()) {
      double micros = kind.getValue() * 1e6 / units;
      if (shown++ < top) {
        line.append(String.format(Locale.ROOT, "%s %.1f; ", kind.getKey(), micros));
      } else {
        rest += micros;
      }
    }
    return line.append(String.format(Locale.ROOT, "others %.1f", rest)).toString();
  }

  private static double secondsOf(Path stat) {
    try {
      return secondsIn(Files.readString(stat));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** utime + stime: fields 14 and 15 of a stat line, counted after the name in parentheses. */
  private static double secondsIn(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state), so field n is fields[n - 3]
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }
}
