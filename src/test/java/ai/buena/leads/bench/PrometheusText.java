package ai.buena.leads.bench;

import java.util.Arrays;
import java.util.SortedMap;
import java.util.TreeMap;

/** One scrape of a Prometheus text exposition, read by metric name and label fragments. */
record PrometheusText(String text) {

  /**
   * The sum of every sample of {@code metric} whose labels contain all of {@code labels}, each
   * written as in the exposition, e.g. {@code area="heap"}; 0 when there is none.
   */
  double sum(String metric, String... labels) {
    return text.lines()
        .filter(line -> !line.startsWith("#"))
        .filter(line -> nameOf(line).equals(metric))
        .filter(line -> Arrays.stream(labels).allMatch(line::contains))
        .mapToDouble(PrometheusText::valueOf)
        .sum();
  }

  /**
   * The samples of {@code metric} whose labels contain all of {@code labels}, summed by the value of
   * their label {@code label} (samples without it are left out), in that value's order.
   */
  SortedMap<String, Double> byLabel(String metric, String label, String... labels) {
    SortedMap<String, Double> values = new TreeMap<>();
    String start = label + "=\"";
    text.lines()
        .filter(line -> !line.startsWith("#"))
        .filter(line -> nameOf(line).equals(metric))
        .filter(line -> line.contains(start))
        .filter(line -> Arrays.stream(labels).allMatch(line::contains))
        .forEach(line -> {
          int from = line.indexOf(start) + start.length();
          values.merge(line.substring(from, line.indexOf('"', from)), valueOf(line), Double::sum);
        });
    return values;
  }

  private static String nameOf(String line) {
    int end = 0;
    while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
      end++;
    }
    return line.substring(0, end);
  }

  /** The value after the name and labels (a timestamp may follow it). */
  private static double valueOf(String line) {
    int labelsEnd = line.lastIndexOf('}');
    String rest = labelsEnd >= 0 ? line.substring(labelsEnd + 1) : line.substring(nameOf(line).length());
    return Double.parseDouble(rest.trim().split(" ")[0]);
  }
}
