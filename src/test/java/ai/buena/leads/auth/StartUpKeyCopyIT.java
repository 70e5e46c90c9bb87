package ai.buena.leads.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.projection.Names;
import ai.buena.leads.query.UnavailableException;
import ai.buena.leads.testing.ApiKeysTopic;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.StoreDirectoryWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys read from Kafka Streams' global store on disk before Kafka Streams has started. */
class StartUpKeyCopyIT {
  private static final Duration PROPAGATION = Duration.ofSeconds(1);

  @TempDir Path stateDir;

  private String topic;
  private String applicationId;
  private ApiKeyStore keys;
  private final List<KafkaStreams> started = new ArrayList<>();
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeEach
  void createTopic() {
    topic = ApiKeysTopic.createUnique();
    applicationId = SharedKafka.uniqueName("key-copy-it");
    keys = new ApiKeyStore(SharedKafka.bootstrapServers(), topic);
  }

  @AfterEach
  void stopAll() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
    started.forEach(streams -> streams.close(SharedKafka.DEADLINE));
    keys.close();
  }

  @Test
  void shouldFindAKeyInTheStoreOnDiskBeforeKafkaStreamsHasStarted() {
    String hash = KeyHashing.sha256Hex(keys.create("ws_acme", Set.of("leads:read"), ""));
    runUntilFoundThenStop(hash);

    GlobalStoreKeyLookup lookup = new GlobalStoreKeyLookup(newStreams(), copy().orElseThrow());

    ApiKeyRecord found = lookup.findByHash(hash).orElseThrow();
    assertThat(found.workspaceId()).isEqualTo("ws_acme");
    assertThat(found.revoked()).isFalse();
    assertThat(lookup.findByHash(KeyHashing.sha256Hex(ApiKeyFormat.generate()))).isEmpty();
  }

  @Test
  void shouldAnswerUnavailableBeforeTheStartWhenAKeyWasRevokedSinceTheStoreClosed() {
    String hash = KeyHashing.sha256Hex(keys.create("ws_acme", Set.of("leads:read"), ""));
    runUntilFoundThenStop(hash);
    KeyRecordSource copy = copy().orElseThrow();

    keys.revoke(ApiKeyFormat.keyId(hash));

    GlobalStoreKeyLookup lookup = new GlobalStoreKeyLookup(newStreams(), copy);
    assertThatThrownBy(() -> lookup.findByHash(hash)).isInstanceOf(UnavailableException.class);
  }

  @Test
  void shouldReadKafkaStreamsStoreAndCloseTheCopyOnceKafkaStreamsHasStarted() {
    String hash = KeyHashing.sha256Hex(keys.create("ws_acme", Set.of("leads:read"), ""));
    runUntilFoundThenStop(hash);
    AtomicBoolean copyClosed = new AtomicBoolean();
    KeyRecordSource copy = closingSaid(copy().orElseThrow(), copyClosed);
    KafkaStreams streams = newStreams();
    GlobalStoreKeyLookup lookup = new GlobalStoreKeyLookup(streams, copy);
    keys.revoke(ApiKeyFormat.keyId(hash));

    streams.start();
    lookup.streamsStarted();

    await()
        .atMost(SharedKafka.DEADLINE)
        .until(() -> lookupOrNothing(lookup, hash).map(ApiKeyRecord::revoked).orElse(false));
    assertThat(copyClosed).isTrue();
  }

  @Test
  void shouldKeepAnsweringFromTheCopyUntilToldKafkaStreamsStartedThoughItsStoreCanBeRead() {
    String hash = KeyHashing.sha256Hex(keys.create("ws_acme", Set.of("leads:read"), ""));
    runUntilFoundThenStop(hash);
    AtomicBoolean copyClosed = new AtomicBoolean();
    KeyRecordSource copy = closingSaid(copy().orElseThrow(), copyClosed);
    KafkaStreams streams = newStreams();
    GlobalStoreKeyLookup lookup = new GlobalStoreKeyLookup(streams, copy);
    streams.start();
    await().atMost(SharedKafka.DEADLINE).until(() -> streams.state() == KafkaStreams.State.RUNNING);

    // the store is readable now, but while start() runs it may not have caught up yet
    assertThat(lookup.findByHash(hash)).isPresent();
    assertThat(copyClosed).isFalse();

    lookup.streamsStarted();
    assertThat(lookup.findByHash(hash)).isPresent();
    assertThat(copyClosed).isTrue();
  }

  @Test
  void shouldMakeNoCopyOfAStoreKafkaStreamsDidNotClose() throws Exception {
    String hash = KeyHashing.sha256Hex(keys.create("ws_acme", Set.of("leads:read"), ""));
    runUntilFoundThenStop(hash);

    markOpen(storeDirectory());

    assertThat(copy()).isEmpty();
  }

  /** {@code copy}, setting {@code closed} when it is closed. */
  private static KeyRecordSource closingSaid(KeyRecordSource copy, AtomicBoolean closed) {
    return new KeyRecordSource() {
      @Override
      public byte[] read(String keyHash) {
        return copy.read(keyHash);
      }

      @Override
      public void close() {
        closed.set(true);
        copy.close();
      }
    };
  }

  private static Optional<ApiKeyRecord> lookupOrNothing(GlobalStoreKeyLookup lookup, String hash) {
    try {
      return lookup.findByHash(hash);
    } catch (UnavailableException e) {
      return Optional.empty();
    }
  }

  private void runUntilFoundThenStop(String hash) {
    KafkaStreams streams = newStreams();
    GlobalStoreKeyLookup lookup = new GlobalStoreKeyLookup(streams);
    streams.start();
    lookup.streamsStarted();
    await().atMost(SharedKafka.DEADLINE).until(() -> streams.state() == KafkaStreams.State.RUNNING);
    await().atMost(PROPAGATION).until(() -> lookup.findByHash(hash).isPresent());
    streams.close(SharedKafka.DEADLINE);
    started.remove(streams);
  }

  private KafkaStreams newStreams() {
    StreamsBuilder builder = new StreamsBuilder();
    KeyStoreTopology.addTo(builder, topic);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    started.add(streams);
    return streams;
  }

  private Optional<KeyRecordSource> copy() {
    Optional<KeyRecordSource> copy = StartUpKeyCopy.open(storeDirectory(), topic, this::topicEnds);
    copy.ifPresent(opened::add);
    return copy;
  }

  private Path storeDirectory() {
    return stateDir.resolve(applicationId).resolve("global").resolve("rocksdb").resolve(Names.API_KEYS_STORE);
  }

  private Optional<Map<TopicPartition, Long>> topicEnds() {
    try {
      Set<TopicPartition> partitions =
          SharedKafka.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
              .map(info -> new TopicPartition(topic, info.partition()))
              .collect(Collectors.toSet());
      return Optional.of(
          SharedKafka.admin()
              .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
              .all()
              .get()
              .entrySet()
              .stream()
              .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().offset())));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** What a crash leaves: Kafka Streams' status of the store says open. */
  private static void markOpen(Path storeDirectory) throws Exception {
    StoreDirectoryWriter.write(
        storeDirectory,
        (db, values, offsets) ->
            db.put(offsets, "status".getBytes(StandardCharsets.UTF_8), ByteBuffer.allocate(8).putLong(1L).array()));
  }
}
