package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.query.UnavailableException;
import ai.buena.leads.testing.UnstartedStreams;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka Streams answers a store lookup with IllegalStateException ("KafkaStreams is not running")
 * once it is failing or stopped; reads through it must then be 503, never a 500.
 */
class NotRunningStreamsTest {
  @TempDir Path stateDir;
  private KafkaStreams streams;

  @BeforeEach
  void stoppedStreams() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("lead-events");
    streams = UnstartedStreams.of(builder.build(), "not-running-test", stateDir);
    streams.close();
  }

  @AfterEach
  void close() {
    streams.close();
  }

  @Test
  void shouldAnswerUnavailableForAStandbyReadWhenKafkaStreamsIsNotRunning() {
    StandbyStores stores = new StandbyStores(streams);

    assertThatThrownBy(() -> stores.lead(0, "lead_1")).isInstanceOf(UnavailableException.class);
  }

  @Test
  void shouldAnswerUnavailableForAnAppliedEventWhenKafkaStreamsIsNotRunning() {
    StreamsAppliedEvents events =
        new StreamsAppliedEvents(streams, Duration.ofDays(7), Clock.systemUTC());

    assertThatThrownBy(() -> events.find(0, "lead_1", "evt_1"))
        .isInstanceOf(UnavailableException.class);
  }
}
