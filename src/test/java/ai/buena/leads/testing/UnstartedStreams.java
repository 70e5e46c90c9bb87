package ai.buena.leads.testing;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/** A Kafka Streams instance that is never started (no broker is reached): state CREATED. */
public final class UnstartedStreams {
  private UnstartedStreams() {}

  public static KafkaStreams of(Topology topology, String applicationId, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"); // never reached
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return new KafkaStreams(topology, props);
  }
}
