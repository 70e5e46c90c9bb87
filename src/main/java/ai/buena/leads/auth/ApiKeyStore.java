package ai.buena.leads.auth;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.projection.Names;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Creates, revokes and lists API keys on {@code lead-api-keys}. Only hashes are written; the clear
 * key of {@link #create} is returned once and never kept. Every write is acknowledged by all
 * in-sync replicas before the method returns.
 */
public final class ApiKeyStore implements AutoCloseable {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Comparator<ApiKeyRecord> OLDEST_FIRST =
      Comparator.comparing(ApiKeyRecord::createdAt).thenComparing(ApiKeyRecord::id);

  private final String topic;
  private final Clock clock;
  private final Duration timeout;
  private final ApiKeyTopicReader reader;
  private final KafkaProducer<String, byte[]> producer;

  public ApiKeyStore(String bootstrapServers) {
    this(bootstrapServers, Names.API_KEYS);
  }

  public ApiKeyStore(String bootstrapServers, String topic) {
    this(bootstrapServers, topic, Clock.systemUTC(), DEFAULT_TIMEOUT);
  }

  public ApiKeyStore(String bootstrapServers, String topic, Clock clock, Duration timeout) {
    this(KafkaClientConfig.plain(bootstrapServers), topic, clock, timeout);
  }

  public ApiKeyStore(KafkaClientConfig kafka, String topic) {
    this(kafka, topic, Clock.systemUTC(), DEFAULT_TIMEOUT);
  }

  public ApiKeyStore(KafkaClientConfig kafka, String topic, Clock clock, Duration timeout) {
    this.topic = topic;
    this.clock = clock;
    this.timeout = timeout;
    this.reader = new ApiKeyTopicReader(kafka, topic, timeout);
    this.producer =
        new KafkaProducer<>(
            producerProperties(kafka, timeout), new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Creates a random key.
   *
   * @return the clear key: the only time it is known
   * @throws InvalidKeyGrantException for a malformed workspace, unknown permissions or a bad name
   * @throws ai.buena.leads.clients.TopicNotFoundException when the topic is
   *     missing
   */
  public String create(String workspaceId, Set<String> permissions, String name) {
    KeyGrant grant = KeyGrant.of(workspaceId, permissions, name);
    reader.requireTopic();
    String clearKey = ApiKeyFormat.generate();
    write(recordOf(KeyHashing.sha256Hex(clearKey), grant));
    return clearKey;
  }

  /** Whether this key was created and then revoked. */
  public boolean wasRevoked(String clearKey) {
    ApiKeyRecord record = reader.latestByHash().get(KeyHashing.sha256Hex(clearKey));
    return record != null && record.revoked();
  }

  /**
   * Creates a key of a given value (the {@code dev} demo key). Idempotent: a key that already holds
   * this grant is left as it is; otherwise it is (re)written with the grant, not revoked.
   */
  public ApiKeyRecord createWithValue(
      String clearKey, String workspaceId, Set<String> permissions, String name) {
    if (!ApiKeyFormat.isWellFormed(clearKey)) {
      throw new IllegalArgumentException(
          "a key is " + ApiKeyFormat.KEY_PREFIX + " followed by 64 lowercase hex characters");
    }
    KeyGrant grant = KeyGrant.of(workspaceId, permissions, name);
    String keyHash = KeyHashing.sha256Hex(clearKey);
    Optional<ApiKeyRecord> existing = Optional.ofNullable(reader.latestByHash().get(keyHash));
    if (existing.isPresent() && holds(existing.get(), grant)) {
      return existing.get();
    }
    return write(recordOf(keyHash, grant));
  }

  /**
   * Marks a key revoked; the record stays for audit. Revoking a revoked key changes nothing.
   *
   * @param keyIdOrClearKey a key id ({@code key_...}) or the clear key ({@code bna_...})
   * @throws UnknownApiKeyException when no such key was created
   */
  public ApiKeyRecord revoke(String keyIdOrClearKey) {
    ApiKeyRecord current = find(keyIdOrClearKey);
    if (current.revoked()) {
      return current;
    }
    return write(
        new ApiKeyRecord(
            current.keyHash(),
            current.id(),
            current.workspaceId(),
            current.permissions(),
            current.name(),
            current.createdAt(),
            true));
  }

  /** Every key ever created (revoked ones included), oldest first. */
  public List<ApiKeyRecord> list() {
    return reader.latestByHash().values().stream().sorted(OLDEST_FIRST).toList();
  }

  private ApiKeyRecord find(String keyIdOrClearKey) {
    if (ApiKeyFormat.isWellFormed(keyIdOrClearKey)) {
      String keyHash = KeyHashing.sha256Hex(keyIdOrClearKey);
      return Optional.ofNullable(reader.latestByHash().get(keyHash))
          .orElseThrow(() -> new UnknownApiKeyException(ApiKeyFormat.keyId(keyHash)));
    }
    if (ApiKeyFormat.isKeyId(keyIdOrClearKey)) {
      List<ApiKeyRecord> matches =
          list().stream().filter(record -> record.id().equals(keyIdOrClearKey)).toList();
      if (matches.size() > 1) {
        throw new IllegalArgumentException(
            keyIdOrClearKey + " names several keys: revoke with the clear key instead");
      }
      return matches.stream()
          .findFirst()
          .orElseThrow(() -> new UnknownApiKeyException(keyIdOrClearKey));
    }
    throw new IllegalArgumentException(
        "expected a key id (key_ and 12 hex characters) or a key (bna_ and 64 hex characters)");
  }

  private static boolean holds(ApiKeyRecord record, KeyGrant grant) {
    return !record.revoked()
        && record.workspaceId().equals(grant.workspaceId())
        && record.permissions().equals(grant.permissions())
        && record.name().equals(grant.name());
  }

  private ApiKeyRecord recordOf(String keyHash, KeyGrant grant) {
    return new ApiKeyRecord(
        keyHash,
        ApiKeyFormat.keyId(keyHash),
        grant.workspaceId(),
        grant.permissions(),
        grant.name(),
        clock.instant().truncatedTo(ChronoUnit.MILLIS),
        false);
  }

  private ApiKeyRecord write(ApiKeyRecord record) {
    Future<RecordMetadata> sent =
        producer.send(new ProducerRecord<>(topic, record.keyHash(), ApiKeyCodec.encode(record)));
    producer.flush();
    try {
      sent.get();
    } catch (ExecutionException e) {
      throw new KafkaException(
          "writing key " + record.id() + " to " + topic + " failed: " + e.getCause().getMessage(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while writing key " + record.id(), e);
    }
    return record;
  }

  static Properties producerProperties(KafkaClientConfig kafka, Duration timeout) {
    Properties props =
        kafka.properties(
            Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                ProducerConfig.CLIENT_ID_CONFIG, "lead-projection-keys"),
            Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"));
    // a client file's linger.ms or request.timeout.ms (shared with other clients) must not make
    // our delivery timeout invalid: Kafka requires it to cover both
    long needed =
        millis(props, ProducerConfig.LINGER_MS_CONFIG) + millis(props, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
    if (String.valueOf(props.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).equals(Long.toString(timeout.toMillis()))
        && needed > timeout.toMillis()) {
      props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, needed));
    }
    return props;
  }

  private static long millis(Properties props, String name) {
    try {
      return Long.parseLong(String.valueOf(props.get(name)).trim());
    } catch (NumberFormatException notANumber) {
      return 0; // the producer refuses it with its own message
    }
  }

  @Override
  public void close() {
    producer.close(timeout);
  }
}
