package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams settings of the projection, derived from the configuration in one place: tuning
 * defaults the {@code --kafka-config} file may override, then the settings it may not.
 */
final class StreamsProperties {
  private StreamsProperties() {}

  static Properties of(AppConfig config) {
    return config.kafka().properties(yieldingToFile(tuning(), config.kafka()), required(config));
  }

  private static Map<String, Object> tuning() {
    Map<String, Object> props = new HashMap<>();
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.getInteger("leads.commit.ms", 1000));
    // With --input-partitioning any each task reads two partitions, lead-events and the by-lead
    // topic, which is nearly always empty. Task idling (the default 0) then checks the empty one's
    // lag before every record, formatting two log texts each time, and holds the task while its lag
    // is unknown; no order between the two is promised (docs/producers.md, "any and order"), so
    // there is nothing to wait for (docs/benchmarks.md, "Session 62").
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
    // The error handlers and their dead letters: ErrorHandling, added by ProjectionService.
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 2000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MIN_BYTES_CONFIG), 1);
    // A consumer has one fetch in flight per broker. Partitions the restore consumer gets while a
    // fetch waits for data (the broker holds it up to this long) wait with it; a restart opens its
    // tasks one by one, so with the default 500 ms its active tasks became RUNNING in steps of
    // half a second (docs/benchmarks.md). The cost: an idle standby asks up to 20 times a second.
    props.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50);
    // The same for the stream threads' consumers: with Kafka's 500 ms their fetches took 450 ms on
    // average while events arrived and waited (most likely a thread that is behind still holds
    // lead-events records, so its next fetch asks for the internal topics alone and the broker
    // holds it; docs/benchmarks.md, "Session 62"). The cost: an idle stream thread asks 20 times a second.
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 50);
    // Each new batch costs an lz4 frame (buffers, checksums); with ~30 changelog, output and
    // repartition partitions per stream thread, 5 ms gave batches of a few records. Readers of the
    // stores do not wait for the producer; exactly-once commits flush it anyway (docs/benchmarks.md).
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 100);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    return props;
  }

  /**
   * {@code defaults} without those the file sets under a wider name: a prefixed default would
   * silently win over it (see {@link KafkaClientConfig#setsMoreWidely}).
   */
  private static Map<String, Object> yieldingToFile(Map<String, Object> defaults, KafkaClientConfig file) {
    Map<String, Object> kept = new HashMap<>(defaults);
    kept.keySet().removeIf(file::setsMoreWidely);
    return kept;
  }

  /** From the service's own flags, or what exactly-once and the dead-letter path depend on. */
  private static Map<String, Object> required(AppConfig config) {
    Map<String, Object> props = new HashMap<>();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.replicationFactor());
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
    // Exactly-once reads committed data only (Kafka Streams sets it, and warns when told); without
    // it a transactional producer's aborted events would be read and applied, never written.
    if (!StreamsConfig.EXACTLY_ONCE_V2.equals(config.processingGuarantee())) {
      props.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
    }
    // a new application id (or expired offsets) replays lead-events from its first event
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // A crashed instance's partitions move after this long; a static member's restart within it
    // moves nothing. Kafka Streams appends each stream thread's index to the instance name.
    Lifecycle lifecycle = config.lifecycle();
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
        (int) lifecycle.sessionTimeout().toMillis());
    lifecycle
        .instanceName()
        .ifPresent(name -> props.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), name));
    URI advertised = URI.create(config.advertisedUrl());
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.getHost() + ":" + advertised.getPort());
    return props;
  }
}
