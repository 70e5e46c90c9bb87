package ai.buena.leads.auth;

import ai.buena.leads.projection.Names;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.Stores;

/**
 * Adds the global store {@code api-keys} to a topology: every instance holds every key record of
 * {@code lead-api-keys}, keyed by the key's hash, as the topic's JSON bytes.
 */
public final class KeyStoreTopology {
  private KeyStoreTopology() {}

  public static void addTo(StreamsBuilder builder) {
    addTo(builder, Names.API_KEYS);
  }

  public static void addTo(StreamsBuilder builder, String topic) {
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(Names.API_KEYS_STORE),
                Serdes.String(),
                Serdes.ByteArray())
            .withLoggingDisabled(),
        topic,
        Consumed.with(Serdes.String(), Serdes.ByteArray()),
        () -> new KeyStoreUpdater(Names.API_KEYS_STORE));
  }
}
