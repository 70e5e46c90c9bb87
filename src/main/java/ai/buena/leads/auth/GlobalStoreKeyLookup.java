package ai.buena.leads.auth;

import ai.buena.leads.projection.Names;
import ai.buena.leads.projection.QueryableStores;
import ai.buena.leads.query.UnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds keys in this instance's copy of the global store {@code api-keys}. Until Kafka Streams has
 * started ({@link #streamsStarted}), it reads them from the start-up copy, if there is one ({@link
 * StartUpKeyCopy}); the first read Kafka Streams answers after that closes the copy. While neither
 * can be read it fails with {@link UnavailableException} rather than calling a valid key unknown.
 *
 * <p>Kafka Streams' store is not read before {@code KafkaStreams.start()} has returned: its global
 * thread opens the store, and so lets it be queried, before it has caught up with {@code
 * lead-api-keys} from its last checkpoint, and {@code start()} returns only once it has. A key
 * revoked while this instance was stopped would otherwise be accepted again in between.
 */
public final class GlobalStoreKeyLookup implements ApiKeyLookup, AutoCloseable {
  public static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final Logger log = LoggerFactory.getLogger(GlobalStoreKeyLookup.class);

  private final KafkaStreams streams;
  private final DecodedKeys decoded = new DecodedKeys();
  private volatile ReadOnlyKeyValueStore<String, byte[]> store;
  private volatile KeyRecordSource beforeStart;
  private volatile boolean streamsStarted;

  public GlobalStoreKeyLookup(KafkaStreams streams) {
    this(streams, null);
  }

  /** With {@code beforeStart} answering while Kafka Streams cannot (null: none). */
  public GlobalStoreKeyLookup(KafkaStreams streams, KeyRecordSource beforeStart) {
    this.streams = streams;
    this.beforeStart = beforeStart;
  }

  @Override
  public Optional<ApiKeyRecord> findByHash(String keyHash) {
    if (!ApiKeyFormat.isKeyHash(keyHash)) {
      return Optional.empty();
    }
    byte[] value = read(keyHash);
    if (value == null) {
      return Optional.empty();
    }
    ApiKeyRecord record;
    try {
      record = decoded.decode(keyHash, value);
    } catch (MalformedKeyRecordException e) {
      log.warn("key {} is unusable: {}", ApiKeyFormat.keyId(keyHash), e.getMessage());
      return Optional.empty();
    }
    return sameHash(record.keyHash(), keyHash) ? Optional.of(record) : Optional.empty();
  }

  /** Kafka Streams' {@code start()} has returned: its global store has caught up once. */
  public void streamsStarted() {
    streamsStarted = true;
  }

  private byte[] read(String keyHash) {
    if (!streamsStarted) {
      KeyRecordSource copy = beforeStart;
      if (copy != null) {
        return copy.read(keyHash);
      }
      throw new UnavailableException(
          "API keys cannot be read until Kafka Streams has caught up with them", RETRY_AFTER);
    }
    byte[] value;
    try {
      value = store().get(keyHash);
    } catch (InvalidStateStoreException e) {
      store = null;
      KeyRecordSource copy = beforeStart;
      if (copy != null) {
        return copy.read(keyHash);
      }
      throw new UnavailableException("API keys cannot be read now: " + e.getMessage(), RETRY_AFTER);
    }
    if (beforeStart != null) {
      close();
    }
    return value;
  }

  /** Closes the start-up copy, if any: Kafka Streams' store answers from now on. */
  @Override
  public synchronized void close() {
    KeyRecordSource copy = beforeStart;
    beforeStart = null;
    if (copy != null) {
      copy.close();
      log.info("API keys are read from Kafka Streams' global store; closed their start-up copy");
    }
  }

  private ReadOnlyKeyValueStore<String, byte[]> store() {
    ReadOnlyKeyValueStore<String, byte[]> current = store;
    if (current == null) {
      current =
          QueryableStores.store(
              streams,
              StoreQueryParameters.fromNameAndType(
                  Names.API_KEYS_STORE, QueryableStoreTypes.keyValueStore()));
      store = current;
    }
    return current;
  }

  private static boolean sameHash(String stored, String computed) {
    return MessageDigest.isEqual(
        stored.getBytes(StandardCharsets.US_ASCII), computed.getBytes(StandardCharsets.US_ASCII));
  }
}
