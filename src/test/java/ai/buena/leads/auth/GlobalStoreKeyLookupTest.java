package ai.buena.leads.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.query.UnavailableException;
import ai.buena.leads.testing.UnstartedStreams;
import java.nio.file.Path;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalStoreKeyLookupTest {
  @TempDir Path stateDir;

  /**
   * Kafka Streams answers a store lookup with IllegalStateException ("KafkaStreams is not
   * running") once it is failing or stopped; a request's key must then be 503, never a 500.
   */
  @Test
  void shouldAnswerUnavailableWhenKafkaStreamsIsNotRunning() {
    StreamsBuilder builder = new StreamsBuilder();
    KeyStoreTopology.addTo(builder, "lead-api-keys");
    KafkaStreams streams = UnstartedStreams.of(builder.build(), "key-lookup-test", stateDir);
    streams.close();
    GlobalStoreKeyLookup lookup = new GlobalStoreKeyLookup(streams);

    assertThatThrownBy(() -> lookup.findByHash(KeyHashing.sha256Hex(ApiKeyFormat.generate())))
        .isInstanceOf(UnavailableException.class);
  }
}
