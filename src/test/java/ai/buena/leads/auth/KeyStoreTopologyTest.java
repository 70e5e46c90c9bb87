package ai.buena.leads.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.projection.Names;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyStoreTopologyTest {
  private static final String HASH = KeyHashing.sha256Hex(ApiKeyFormat.generate());

  @TempDir Path stateDir;

  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> keys;
  private KeyValueStore<String, byte[]> store;

  @BeforeEach
  void startDriver() {
    StreamsBuilder builder = new StreamsBuilder();
    KeyStoreTopology.addTo(builder);
    Properties props = new Properties();
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(builder.build(), props);
    keys =
        driver.createInputTopic(Names.API_KEYS, new StringSerializer(), new ByteArraySerializer());
    store = driver.getKeyValueStore(Names.API_KEYS_STORE);
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private static byte[] value(boolean revoked) {
    return ApiKeyCodec.encode(
        new ApiKeyRecord(
            HASH,
            ApiKeyFormat.keyId(HASH),
            "ws",
            new TreeSet<>(List.of("leads:read")),
            "",
            Instant.parse("2026-01-01T00:00:00Z"),
            revoked));
  }

  @Test
  void shouldStoreEveryKeyRecordUnderItsHash() {
    keys.pipeInput(HASH, value(false));

    assertThat(store.get(HASH)).isEqualTo(value(false));
  }

  @Test
  void shouldReplaceARecordWithItsLatestVersion() {
    keys.pipeInput(HASH, value(false));
    keys.pipeInput(HASH, value(true));

    assertThat(ApiKeyCodec.decode(HASH, store.get(HASH)).revoked()).isTrue();
  }

  @Test
  void shouldForgetAKeyOnATombstone() {
    keys.pipeInput(HASH, value(false));
    keys.pipeInput(HASH, null);

    assertThat(store.get(HASH)).isNull();
  }
}
