package ai.buena.leads.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The stop-the-world pauses of a JVM, read from its unified log written with {@code
 * -Xlog:safepoint:file=<path>:tn,tags} ({@link #OPTION}). The {@code tn} decorator is {@code
 * System.nanoTime()}, the monotonic clock every process of the machine shares, so a pause of the
 * service lines up with the requests a client timed in another process. Each safepoint line is
 * written when the pause ends and gives its length ({@code Total}, reaching the safepoint
 * included), so a pause spans {@code [end - total, end]}.
 */
record PauseLog(List<Pause> pauses) {
  private static final Pattern SAFEPOINT =
      Pattern.compile("^\\[(\\d+)ns]\\[safepoint\\s*] Safepoint \"([^\"]+)\".*Total: (\\d+) ns");

  /** One stop-the-world pause; {@code cause} is the VM operation ({@code G1CollectForAllocation}...). */
  record Pause(long startNanos, long endNanos, String cause) {
    long nanos() {
      return endNanos - startNanos;
    }

    boolean overlaps(long fromNanos, long toNanos) {
      return startNanos < toNanos && endNanos > fromNanos;
    }
  }

  /** The JVM option that writes the log this class reads. */
  static String option(Path file) {
    return "-Xlog:safepoint,gc:file=" + file + ":tn,tags";
  }

  static PauseLog read(Path file) {
    if (!Files.exists(file)) {
      return new PauseLog(List.of());
    }
    List<Pause> pauses = new ArrayList<>();
    try (Stream<String> lines = Files.lines(file)) {
      lines.forEach(
          line -> {
            Matcher m = SAFEPOINT.matcher(line);
            if (m.find()) {
              long end = Long.parseLong(m.group(1));
              pauses.add(new Pause(end - Long.parseLong(m.group(3)), end, m.group(2)));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new PauseLog(pauses);
  }

  /** The pauses that overlap {@code [fromNanos, toNanos]}. */
  PauseLog between(long fromNanos, long toNanos) {
    return new PauseLog(pauses.stream().filter(p -> p.overlaps(fromNanos, toNanos)).toList());
  }

  /** Whether a request timed over {@code [startNanos, startNanos + nanos]} met a pause. */
  boolean hit(long startNanos, long nanos) {
    for (Pause pause : pauses) {
      if (pause.overlaps(startNanos, startNanos + nanos)) {
        return true;
      }
    }
    return false;
  }

  long totalNanos() {
    return pauses.stream().mapToLong(Pause::nanos).sum();
  }

  long maxNanos() {
    return pauses.stream().mapToLong(Pause::nanos).max().orElse(0);
  }

  /** Per cause: count, total and longest milliseconds, e.g. {@code G1CollectForAllocation 12/41.2/6.1}. */
  String byCause() {
    Map<String, long[]> causes = new TreeMap<>();
    for (Pause pause : pauses) {
      long[] c = causes.computeIfAbsent(pause.cause(), k -> new long[3]);
      c[0]++;
      c[1] += pause.nanos();
      c[2] = Math.max(c[2], pause.nanos());
    }
    StringBuilder line = new StringBuilder();
    causes.forEach(
        (cause, c) ->
            line.append(
                String.format(
                    java.util.Locale.ROOT, "%s %d/%.1f/%.2f; ", cause, c[0], c[1] / 1e6, c[2] / 1e6)));
    return line.isEmpty() ? "none" : line.substring(0, line.length() - 2);
  }
}
