package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.binder.kafka.StateTagsKafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {
  private static final String GROUP = "stream-state-metrics";
  private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** As Kafka Streams tags them: the leads store's put rate, then the event-ids window store's. */
  private final Map<MetricName, Metric> streamsMetrics = new ConcurrentHashMap<>();

  @AfterEach
  void stopRefreshing() {
    refresher.shutdownNow();
  }

  @Test
  void shouldServeTheStateMetricsOfKeyValueAndWindowStoresUnderOneTagKey() {
    add("put-rate", "rocksdb-state-id", "leads", "0_0", 1.0);
    add("put-rate", "rocksdb-window-state-id", "event-ids", "0_0", 2.0);

    bind();

    assertThat(registry.scrape())
        .containsPattern("kafka_stream_state_put_rate\\{[^}]*rocksdb_state_id=\"leads\"[^}]*\\} 1\\.0")
        .containsPattern("kafka_stream_state_put_rate\\{[^}]*rocksdb_state_id=\"event-ids\"[^}]*\\} 2\\.0");
  }

  @Test
  void shouldRemoveAWindowStoresSeriesWhenItsTaskLeaves() {
    add("put-rate", "rocksdb-state-id", "leads", "0_0", 1.0);
    MetricName leaving = add("put-rate", "rocksdb-window-state-id", "event-ids", "0_0", 2.0);
    bind();

    streamsMetrics.remove(leaving);
    add("put-rate", "rocksdb-window-state-id", "event-ids", "0_1", 3.0);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> registry.scrape().contains("task_id=\"0_1\""));
    assertThat(registry.scrape())
        .doesNotContainPattern("rocksdb_state_id=\"event-ids\"[^}]*task_id=\"0_0\"")
        .containsPattern("rocksdb_state_id=\"leads\"[^}]*task_id=\"0_0\"");
  }

  @Test
  void shouldKeepAWindowStoresCumulativeMetricACounterLikeTheKeyValueStoresOfTheSameName() {
    addCumulative("number-open-files", "rocksdb-state-id", "leads", 4);
    addCumulative("number-open-files", "rocksdb-window-state-id", "event-ids", 6);

    bind();

    assertThat(registry.scrape())
        .containsPattern("kafka_stream_state_number_open_files_total\\{[^}]*\"leads\"[^}]*\\} 4\\.0")
        .containsPattern("kafka_stream_state_number_open_files_total\\{[^}]*\"event-ids\"[^}]*\\} 6\\.0");
  }

  private void addCumulative(String name, String storeTag, String store, double total) {
    MetricName metricName =
        new MetricName(name, GROUP, "", Map.of("task-id", "0_0", "thread-id", "t-1", storeTag, store));
    CumulativeSum sum = new CumulativeSum();
    sum.record(new MetricConfig(), total, 0L);
    streamsMetrics.put(
        metricName, new KafkaMetric(new Object(), metricName, sum, new MetricConfig(), Time.SYSTEM));
  }

  private void bind() {
    new StateTagsKafkaStreamsMetrics(() -> Map.copyOf(streamsMetrics), refresher, Duration.ofMillis(50))
        .bindTo(registry);
  }

  private MetricName add(String name, String storeTag, String store, String task, double value) {
    MetricName metricName =
        new MetricName(name, GROUP, "", Map.of("task-id", task, "thread-id", "t-1", storeTag, store));
    streamsMetrics.put(
        metricName,
        new Metric() {
          @Override
          public MetricName metricName() {
            return metricName;
          }

          @Override
          public Object metricValue() {
            return value;
          }
        });
    return metricName;
  }
}
