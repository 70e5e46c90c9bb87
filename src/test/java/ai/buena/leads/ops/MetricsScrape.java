package ai.buena.leads.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of one Prometheus text exposition: name and labels of every line. */
record MetricsScrape(List<Sample> samples) {
  private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+\\S+.*");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Sample(String name, Map<String, String> labels) {}

  static MetricsScrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.matches()) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (sample.group(3) != null) {
        Matcher label = LABEL.matcher(sample.group(3));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(new Sample(sample.group(1), labels));
    }
    return new MetricsScrape(samples);
  }

  boolean has(String name) {
    return samples.stream().anyMatch(sample -> sample.name().equals(name));
  }

  boolean hasLabel(String name, String label) {
    return samples.stream()
        .anyMatch(sample -> sample.name().equals(name) && sample.labels().containsKey(label));
  }

  boolean hasLabelValue(String name, String label, String value) {
    return samples.stream()
        .anyMatch(sample -> sample.name().equals(name) && value.equals(sample.labels().get(label)));
  }
}
