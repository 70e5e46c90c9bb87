package io.micrometer.core.instrument.binder.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.utils.Time;

/**
 * Micrometer's Kafka binder over a Kafka Streams client's metrics in which window stores' state
 * metrics carry the tag key of key-value stores: Kafka Streams tags the {@code event-ids} window
 * store {@code rocksdb-window-state-id} and the other stores {@code rocksdb-state-id}, and
 * Prometheus refuses a second set of tag keys under one metric name. Renaming in the metric
 * names the binder reads (not with a {@code MeterFilter}, whose renamed ids the binder neither
 * recognises as already bound nor finds to remove) keeps every series bound once and removed when
 * its task leaves. It lives in Micrometer's package because that binder's constructor taking a
 * metrics supplier is package-private.
 */
public final class StateTagsKafkaStreamsMetrics extends KafkaMetrics {
  static final String WINDOW_STATE_TAG = "rocksdb-window-state-id";
  static final String STATE_TAG = "rocksdb-state-id";

  public StateTagsKafkaStreamsMetrics(
      Supplier<Map<MetricName, ? extends Metric>> metrics,
      ScheduledExecutorService scheduler,
      Duration refreshInterval) {
    super(() -> withStateTags(metrics.get()), List.of(), scheduler, refreshInterval);
  }

  static Map<MetricName, Metric> withStateTags(Map<MetricName, ? extends Metric> metrics) {
    Map<MetricName, Metric> renamed = new HashMap<>(metrics.size() * 2);
    for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
      MetricName name = entry.getKey();
      String store = name.tags().get(WINDOW_STATE_TAG);
      if (store == null) {
        renamed.put(name, entry.getValue());
        continue;
      }
      Map<String, String> tags = new LinkedHashMap<>(name.tags());
      tags.remove(WINDOW_STATE_TAG);
      tags.put(STATE_TAG, store);
      MetricName stateName = new MetricName(name.name(), name.group(), name.description(), tags);
      renamed.put(stateName, renamed(stateName, entry.getValue()));
    }
    return renamed;
  }

  /**
   * The metric under {@code name} (the binder reads a value by the name the metric itself gives),
   * of the kind the binder makes of the original: a counter for a cumulative sum or count, else
   * a gauge; its value read through the original, under the original's lock.
   */
  private static Metric renamed(MetricName name, Metric original) {
    if (!(original instanceof KafkaMetric kafka)) {
      return new Renamed(name, original);
    }
    MetricValueProvider<?> value;
    if (!kafka.isMeasurable()) {
      value = (Gauge<Object>) (config, now) -> original.metricValue();
    } else if (kafka.measurable() instanceof CumulativeSum) {
      // the binder tells counters by this class; measuring one reads a single field
      value = kafka.measurable();
    } else {
      value = (Measurable) (config, now) -> ((Number) original.metricValue()).doubleValue();
    }
    return new KafkaMetric(new Object(), name, value, kafka.config(), Time.SYSTEM);
  }

  private record Renamed(MetricName metricName, Metric metric) implements Metric {
    @Override
    public Object metricValue() {
      return metric.metricValue();
    }
  }
}
