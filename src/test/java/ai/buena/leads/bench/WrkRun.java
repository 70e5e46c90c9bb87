package ai.buena.leads.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same closed loop as {@link ClosedLoop}, driven by {@code wrk} (a C load generator: one
 * epoll loop per thread, no garbage collector), one thread and one kept-alive connection per
 * client. What its percentiles leave out of ours is what the Java client adds.
 */
record WrkRun(Map<Integer, Double> percentileMillis, double requestsPerSecond, String output) {
  private static final Pattern PERCENTILE = Pattern.compile("^\\s+(\\d+)%\\s+([\\d.]+)(us|ms|s)\\s*$");
  private static final Pattern RATE = Pattern.compile("^Requests/sec:\\s+([\\d.]+)");

  static WrkRun run(String url, String apiKey, int clients, Duration duration)
      throws IOException, InterruptedException {
    Process wrk =
        new ProcessBuilder(
                "wrk", "-t" + clients, "-c" + clients, "-d" + duration.toSeconds() + "s",
                "--timeout", "30s", "--latency", "-H", "x-api-key: " + apiKey, url)
            .redirectErrorStream(true)
            .start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!wrk.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || wrk.exitValue() != 0) {
      throw new IllegalStateException("wrk failed: " + output);
    }
    if (output.contains("Non-2xx")) {
      throw new IllegalStateException("wrk saw answers other than 2xx: " + output);
    }
    Map<Integer, Double> percentiles = new TreeMap<>();
    double rate = Double.NaN;
    for (String line : output.split("\n")) {
      Matcher p = PERCENTILE.matcher(line);
      if (p.find()) {
        percentiles.put(Integer.parseInt(p.group(1)), millis(Double.parseDouble(p.group(2)), p.group(3)));
      }
      Matcher r = RATE.matcher(line);
      if (r.find()) {
        rate = Double.parseDouble(r.group(1));
      }
    }
    return new WrkRun(percentiles, rate, output);
  }

  private static double millis(double value, String unit) {
    return switch (unit.toLowerCase(Locale.ROOT)) {
      case "us" -> value / 1e3;
      case "s" -> value * 1e3;
      default -> value;
    };
  }
}
