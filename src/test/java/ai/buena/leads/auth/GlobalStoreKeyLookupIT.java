package ai.buena.leads.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.query.UnavailableException;
import ai.buena.leads.testing.ApiKeysTopic;
import ai.buena.leads.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GlobalStoreKeyLookupIT {
  private static final Duration PROPAGATION = Duration.ofSeconds(1);

  @TempDir Path stateDir;

  private String topic;
  private ApiKeyStore keys;
  private KafkaStreams streams;
  private GlobalStoreKeyLookup lookup;

  @BeforeEach
  void startStreams() {
    topic = ApiKeysTopic.createUnique();
    keys = new ApiKeyStore(SharedKafka.bootstrapServers(), topic);
    streams = streamsOn(topic);
    lookup = new GlobalStoreKeyLookup(streams);
  }

  @AfterEach
  void stopStreams() {
    streams.close(SharedKafka.DEADLINE);
    keys.close();
  }

  private KafkaStreams streamsOn(String topic) {
    StreamsBuilder builder = new StreamsBuilder();
    KeyStoreTopology.addTo(builder, topic);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, SharedKafka.uniqueName("key-lookup-it"));
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return new KafkaStreams(builder.build(), props);
  }

  private void startAndAwaitRunning() {
    streams.start();
    lookup.streamsStarted();
    await().atMost(SharedKafka.DEADLINE).until(() -> streams.state() == KafkaStreams.State.RUNNING);
  }

  @Test
  void aCreatedKeyIsFoundByItsHashWithinASecond() {
    startAndAwaitRunning();

    String key = keys.create("ws_acme", Set.of("leads:read"), "ci");
    String hash = KeyHashing.sha256Hex(key);

    await().atMost(PROPAGATION).until(() -> lookup.findByHash(hash).isPresent());
    ApiKeyRecord found = lookup.findByHash(hash).orElseThrow();
    assertThat(found.keyHash()).isEqualTo(hash);
    assertThat(found.workspaceId()).isEqualTo("ws_acme");
    assertThat(found.grants("leads:read")).isTrue();
    assertThat(found.grants("leads:write")).isFalse();
    assertThat(found.revoked()).isFalse();
  }

  @Test
  void aRevokedKeyIsFoundRevokedWithinASecond() {
    startAndAwaitRunning();
    String key = keys.create("ws_acme", Set.of("leads:read"), "");
    String hash = KeyHashing.sha256Hex(key);
    await().atMost(PROPAGATION).until(() -> lookup.findByHash(hash).isPresent());

    keys.revoke(ApiKeyFormat.keyId(hash));

    await()
        .atMost(PROPAGATION)
        .until(() -> lookup.findByHash(hash).map(ApiKeyRecord::revoked).orElse(false));
  }

  @Test
  void keysCreatedBeforeTheStartAreFoundOnceRunning() {
    String key = keys.create("ws_acme", Set.of("*"), "");

    startAndAwaitRunning();

    await()
        .atMost(PROPAGATION)
        .until(() -> lookup.findByHash(KeyHashing.sha256Hex(key)).isPresent());
  }

  @Test
  void anUnknownOrMalformedHashIsNotFound() {
    startAndAwaitRunning();
    keys.create("ws_acme", Set.of("leads:read"), "");

    assertThat(lookup.findByHash(KeyHashing.sha256Hex(ApiKeyFormat.generate()))).isEmpty();
    assertThat(lookup.findByHash("not-a-hash")).isEmpty();
    assertThat(lookup.findByHash(null)).isEmpty();
  }

  @Test
  void theClearKeyNeverReachesTheTopic() {
    String created = keys.create("ws_acme", Set.of("leads:read"), "");
    String fixed = ApiKeyFormat.generate();
    keys.createWithValue(fixed, "ws_demo", Set.of("leads:read", "leads:write"), "demo");
    keys.revoke(created);
    keys.revoke(ApiKeyFormat.keyId(KeyHashing.sha256Hex(fixed)));

    assertThat(ApiKeysTopic.allBytes(topic))
        .hasSize(8)
        .allSatisfy(
            bytes -> {
              String text = new String(bytes, StandardCharsets.UTF_8);
              assertThat(text)
                  .doesNotContain("bna_")
                  .doesNotContain(created.substring(4))
                  .doesNotContain(fixed.substring(4));
            });
  }

  @Test
  void theStoreIsUnavailableBeforeTheStreamsRun() {
    assertThatThrownBy(() -> lookup.findByHash(KeyHashing.sha256Hex(ApiKeyFormat.generate())))
        .isInstanceOf(UnavailableException.class)
        .satisfies(
            e ->
                assertThat(((UnavailableException) e).retryAfter())
                    .isEqualTo(Duration.ofSeconds(1)));
  }

  @Test
  void theStoreIsUnavailableOnceTheStreamsStopped() {
    startAndAwaitRunning();
    String hash = KeyHashing.sha256Hex(keys.create("ws_acme", Set.of("leads:read"), ""));
    await().atMost(PROPAGATION).until(() -> lookup.findByHash(hash).isPresent());

    streams.close(SharedKafka.DEADLINE);

    assertThatThrownBy(() -> lookup.findByHash(hash)).isInstanceOf(UnavailableException.class);
  }
}
