package ai.buena.leads.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The result lines of {@link MillionBench}, printed and also written to one file that
 * {@code ops/bench/million_report.py} reads. Every line starts with {@code BENCH million}; values
 * are {@code key=value}, quoted when they hold spaces; each measured line ends with the seconds
 * since the benchmark began ({@code elapsed=}), which shows how long each phase took.
 */
final class BenchLog implements AutoCloseable {
  private final PrintWriter file;
  private final long started = System.nanoTime();

  private BenchLog(PrintWriter file) {
    this.file = file;
  }

  static BenchLog create(Path path) {
    try {
      Files.createDirectories(path.toAbsolutePath().getParent());
      return new BenchLog(new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A free-form line, e.g. the configuration or a phase's progress. */
  void info(String format, Object... args) {
    write("info " + String.format(Locale.ROOT, format, args));
  }

  /** One measured figure against its aim; prints MISSED when the value misses it. */
  void figure(String name, double value, String unit, Target target, String detail) {
    measured(String.format(
        Locale.ROOT, "figure=%s value=%.2f unit=%s target=\"%s\" verdict=%s detail=\"%s\"",
        name, value, unit, target.text(), target.verdict(value), detail));
  }

  /** One query shape at one client count. */
  void shape(QueryShape shape, int clients, Latencies latencies, long total, Target p99Target) {
    double p99 = latencies.percentileMillis(99);
    measured(String.format(
        Locale.ROOT,
        "shape=%s clients=%d p50=%.2fms p99=%.2fms max=%.2fms rps=%.0f total=%d requests=%d query=\"%s\" target=\"%s\" verdict=%s",
        shape.name(), clients, latencies.percentileMillis(50), p99, latencies.maxMillis(),
        latencies.requestsPerSecond(), total, latencies.count(), shape.query(),
        p99Target == Target.NONE ? "-" : "p99 " + p99Target.text(), p99Target.verdict(p99)));
  }

  private void measured(String line) {
    write(String.format(Locale.ROOT, "%s elapsed=%.0fs", line, (System.nanoTime() - started) / 1e9));
  }

  private void write(String line) {
    String full = "BENCH million " + line;
    System.out.println(full);
    file.println(full);
  }

  @Override
  public void close() {
    file.close();
  }
}
