package ai.buena.leads.clients;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that builds the properties of every Kafka client the jar creates: the caller's
 * defaults, then the operator's {@code --kafka-config} file (security, timeouts, client ids...),
 * then the settings correctness depends on, which the file cannot override. The file's values are
 * never logged or shown: only its key names.
 */
public final class KafkaClientConfig {
  private static final Logger log = LoggerFactory.getLogger(KafkaClientConfig.class);

  /**
   * Settings the service sets itself, from its own flags or because correctness depends on them
   * (exactly-once, de-duplication, partitioning by leadId, the dead-letter path, reading
   * lead-events from its first event: {@code auto.offset.reset=latest} would start a new
   * application id at the end of the history). A file that sets
   * one, bare or with a Kafka Streams client prefix, is told so in one line and ignored.
   */
  public static final Set<String> PROTECTED_KEYS =
      Set.of(
          "bootstrap.servers",
          "application.id",
          "application.server",
          "state.dir",
          "processing.guarantee",
          "num.stream.threads",
          "num.standby.replicas",
          "replication.factor",
          "group.id",
          "default.key.serde",
          "default.value.serde",
          "key.serializer",
          "value.serializer",
          "key.deserializer",
          "value.deserializer",
          "enable.idempotence",
          "acks",
          "transactional.id",
          "isolation.level",
          "enable.auto.commit",
          "auto.offset.reset",
          "session.timeout.ms",
          "group.instance.id",
          "internal.leave.group.on.close",
          "partitioner.class",
          "partitioner.ignore.keys",
          "deserialization.exception.handler",
          "default.deserialization.exception.handler",
          "processing.exception.handler",
          "processing.exception.handler.global.enabled",
          "production.exception.handler",
          "default.production.exception.handler",
          "errors.dead.letter.queue.topic.name");

  /** The prefixes Kafka Streams accepts to aim a setting at one of its clients. */
  private static final List<String> CLIENT_PREFIXES =
      List.of(
          "main.consumer.",
          "restore.consumer.",
          "global.consumer.",
          "consumer.",
          "producer.",
          "admin.");

  private final String bootstrapServers;
  private final Map<String, String> fileSettings;
  private final String source;

  private KafkaClientConfig(String bootstrapServers, Map<String, String> fileSettings, String source) {
    this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    this.fileSettings = Collections.unmodifiableMap(new TreeMap<>(fileSettings));
    this.source = source;
  }

  /** Only the cluster address: plaintext, no credentials. */
  public static KafkaClientConfig plain(String bootstrapServers) {
    return new KafkaClientConfig(bootstrapServers, Map.of(), null);
  }

  /**
   * Reads a Java properties file (as {@code --command-config} of Kafka's own tools). Protected
   * keys are dropped and named in one log line.
   *
   * @param file the file, or null for none
   * @throws InvalidKafkaConfigException when the file cannot be read
   */
  public static KafkaClientConfig load(String bootstrapServers, Path file) {
    if (file == null) {
      return plain(bootstrapServers);
    }
    Properties read = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      read.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new InvalidKafkaConfigException(
          "--kafka-config " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
    Map<String, String> kept = new TreeMap<>();
    Set<String> ignored = new TreeSet<>();
    for (String key : read.stringPropertyNames()) {
      if (isProtected(key)) {
        ignored.add(key);
      } else {
        kept.put(key, read.getProperty(key).trim());
      }
    }
    if (!ignored.isEmpty()) {
      log.warn(
          "--kafka-config {}: ignored {} (lead-projection sets {} itself)",
          file,
          String.join(", ", ignored),
          ignored.size() == 1 ? "it" : "them");
    }
    return new KafkaClientConfig(bootstrapServers, kept, file.toString());
  }

  /** True for a protected key, bare or behind a Kafka Streams client prefix. */
  public static boolean isProtected(String key) {
    String bare = key;
    for (String prefix : CLIENT_PREFIXES) {
      if (bare.startsWith(prefix)) {
        bare = bare.substring(prefix.length());
        break;
      }
    }
    return PROTECTED_KEYS.contains(bare);
  }

  /** The same file's settings for another cluster address (dev's embedded broker). */
  public KafkaClientConfig withBootstrapServers(String servers) {
    return new KafkaClientConfig(servers, fileSettings, source);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * An admin client named {@code clientId} whose every call (and request) gives up after {@code
   * timeout}: for the service's own short questions to Kafka, which must not hold a thread.
   */
  public Admin shortCallAdmin(String clientId, Duration timeout) {
    int millis = (int) timeout.toMillis();
    return Admin.create(
        properties(
            Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, clientId,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis),
            Map.of()));
  }

  /**
   * One client's properties: {@code defaults}, then the file, then {@code required} and the
   * cluster address.
   */
  public Properties properties(Map<String, ?> defaults, Map<String, ?> required) {
    Properties props = new Properties();
    props.putAll(defaults);
    props.putAll(fileSettings);
    props.putAll(required);
    props.put("bootstrap.servers", bootstrapServers);
    return props;
  }

  /**
   * Whether the file sets {@code key} for more clients than {@code key} names: Kafka Streams gives
   * {@code restore.consumer.x} precedence over {@code consumer.x}, and that over {@code x}.
   */
  public boolean setsMoreWidely(String key) {
    for (String prefix : CLIENT_PREFIXES) {
      if (key.startsWith(prefix)) {
        String bare = key.substring(prefix.length());
        boolean oneConsumer = prefix.endsWith(".consumer.");
        return fileSettings.containsKey(bare) || (oneConsumer && fileSettings.containsKey("consumer." + bare));
      }
    }
    return false;
  }

  /** For start-up logs: the file and its key names, never values. */
  @Override
  public String toString() {
    return source == null ? "(none)" : source + " " + fileSettings.keySet();
  }
}
