package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.query.HostAddress;
import ai.buena.leads.query.Placement;
import ai.buena.leads.testing.UnstartedStreams;
import java.nio.file.Path;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsClusterViewTest {
  @TempDir Path stateDir;

  @Test
  void shouldKnowNoOwnerRatherThanFailBeforeKafkaStreamsStarts() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("lead-events");
    try (KafkaStreams streams =
        UnstartedStreams.of(builder.build(), "cluster-view-test", stateDir)) {
      StreamsClusterView view =
          new StreamsClusterView(streams, new HostAddress("localhost", 8080), 3, "lead-events");

      Placement placement = view.placement();

      assertThat(streams.state()).isEqualTo(KafkaStreams.State.CREATED);
      assertThat(placement.partitions()).isEqualTo(3);
      for (int partition = 0; partition < 3; partition++) {
        assertThat(placement.active(partition)).isEmpty();
        assertThat(placement.standbys(partition)).isEmpty();
      }
      assertThat(view.instances()).containsExactly(new HostAddress("localhost", 8080));
    }
  }
}
