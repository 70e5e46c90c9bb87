package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {
  @Test
  void shouldServeTheStateMetricsOfKeyValueAndWindowStoresUnderOneName() {
    PrometheusMeterRegistry registry = ServiceMetrics.newRegistry();
    // as Kafka Streams tags them: the leads store, then the event-ids window store
    Gauge.builder("kafka.stream.state.put.rate", () -> 1.0)
        .tags("rocksdb.state.id", "leads", "task.id", "0_0")
        .register(registry);
    Gauge.builder("kafka.stream.state.put.rate", () -> 2.0)
        .tags("rocksdb.window.state.id", "event-ids", "task.id", "0_0")
        .register(registry);

    String scraped = registry.scrape();

    assertThat(scraped)
        .contains("kafka_stream_state_put_rate{rocksdb_state_id=\"leads\",task_id=\"0_0\"} 1.0")
        .contains("kafka_stream_state_put_rate{rocksdb_state_id=\"event-ids\",task_id=\"0_0\"} 2.0");
  }
}
