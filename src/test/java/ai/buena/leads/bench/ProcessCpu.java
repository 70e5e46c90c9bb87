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
    return topThenRest(byThreadKind(pid), top, "%.2f");
  }

  /**
   * Microseconds of CPU per unit of work ({@code units}, e.g. events) of each kind of thread of
   * {@code pid} since {@code before} (its {@link #byThreadKind} then), the {@code top} kinds and the
   * rest, as one line. Threads that ended meanwhile are missing (their time is in the process's).
   */
  static String perUnitSince(Map<String, Double> before, long pid, long units, int top) {
    Map<String, Double> micros = new LinkedHashMap<>();
    byThreadKind(pid)
        .forEach((kind, seconds) -> micros.put(kind, (seconds - before.getOrDefault(kind, 0.0)) * 1e6 / units));
    return topThenRest(micros, top, "%.1f");
  }

  /** The {@code top} largest values with their names, then the rest's sum, each in {@code format}. */
  private static String topThenRest(Map<String, Double> values, int top, String format) {
    StringBuilder line = new StringBuilder();
    double rest = 0;
    int shown = 0;
    for (Map.Entry<String, Double> value :
        values.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).toList()) {
      if (shown++ < top) {
        line.append(value.getKey()).append(' ').append(String.format(Locale.ROOT, format, value.getValue())).append("; ");
      } else {
        rest += value.getValue();
      }
    }
    return line.append("others ").append(String.format(Locale.ROOT, format, rest)).toString();
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
