package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class GroupHeartbeatsTest {
  private final Map<MetricName, Metric> metrics = new HashMap<>();
  private final GroupHeartbeats heartbeats = new GroupHeartbeats(() -> metrics);

  @Test
  void shouldKnowNoAnswerFromAFirstSample() {
    count("thread-1-consumer", 5);

    assertThat(heartbeats.allAnsweredAfter(1_000)).isEmpty();
  }

  @Test
  void shouldDateAnAnswerToTheSampleBeforeTheCountGrew() {
    count("thread-1-consumer", 5);
    heartbeats.allAnsweredAfter(1_000);
    count("thread-1-consumer", 6);

    assertThat(heartbeats.allAnsweredAfter(4_000)).isEqualTo(OptionalLong.of(1_000));
  }

  @Test
  void shouldKeepTheLastKnownAnswerWhileTheCountStandsStill() {
    count("thread-1-consumer", 5);
    heartbeats.allAnsweredAfter(1_000);
    count("thread-1-consumer", 6);
    heartbeats.allAnsweredAfter(4_000);

    assertThat(heartbeats.allAnsweredAfter(60_000)).isEqualTo(OptionalLong.of(1_000));
  }

  @Test
  void shouldAnswerForTheConsumerWhoseLastKnownAnswerIsOldest() {
    count("thread-1-consumer", 5);
    count("thread-2-consumer", 7);
    heartbeats.allAnsweredAfter(1_000);
    count("thread-1-consumer", 6);
    count("thread-2-consumer", 8);
    heartbeats.allAnsweredAfter(4_000);
    count("thread-1-consumer", 7);

    assertThat(heartbeats.allAnsweredAfter(8_000)).isEqualTo(OptionalLong.of(1_000));
  }

  @Test
  void shouldKnowNoAnswerWhileOneConsumerHasNone() {
    count("thread-1-consumer", 5);
    count("thread-2-consumer", 7);
    heartbeats.allAnsweredAfter(1_000);
    count("thread-1-consumer", 6);

    assertThat(heartbeats.allAnsweredAfter(4_000)).isEmpty();
  }

  @Test
  void shouldReadOnlyTheCoordinatorsHeartbeatCount() {
    metrics.put(name("consumer-fetch-manager-metrics", GroupHeartbeats.COUNT, "c"), value(1));
    metrics.put(name(GroupHeartbeats.GROUP, "heartbeat-rate", "c"), value(1));
    heartbeats.allAnsweredAfter(1_000);
    metrics.put(name("consumer-fetch-manager-metrics", GroupHeartbeats.COUNT, "c"), value(2));
    metrics.put(name(GroupHeartbeats.GROUP, "heartbeat-rate", "c"), value(2));

    assertThat(heartbeats.allAnsweredAfter(4_000)).isEmpty();
  }

  private void count(String clientId, double count) {
    metrics.put(name(GroupHeartbeats.GROUP, GroupHeartbeats.COUNT, clientId), value(count));
  }

  private static MetricName name(String group, String name, String clientId) {
    return new MetricName(name, group, "", Map.of("client-id", clientId));
  }

  private static Metric value(double value) {
    return new Metric() {
      @Override
      public MetricName metricName() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Object metricValue() {
        return value;
      }
    };
  }
}
