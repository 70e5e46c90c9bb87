package ai.buena.leads.auth;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.query.UnavailableException;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
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
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "key-lookup-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    streams.close();
    GlobalStoreKeyLookup lookup = new GlobalStoreKeyLookup(streams);

    assertThatThrownBy(() -> lookup.findByHash(KeyHashing.sha256Hex(ApiKeyFormat.generate())))
        .isInstanceOf(UnavailableException.class);
  }
}
