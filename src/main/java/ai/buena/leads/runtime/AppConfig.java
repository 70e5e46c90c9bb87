package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.projection.InputPartitioning;
import ai.buena.leads.projection.TopicNames;
import ai.buena.leads.query.StandbyBound;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The service's configuration, built once from flags, then environment, then defaults ({@link
 * ServiceOptions}); immutable. {@link #toString()} never shows secrets.
 */
public record AppConfig(
    String bootstrapServers,
    int httpPort,
    Path dataDir,
    String applicationId,
    String advertisedUrl,
    String clusterSecret,
    String processingGuarantee,
    int streamThreads,
    int replicationFactor,
    int standbyReplicas,
    Duration dedupeWindow,
    long readyMaxLag,
    KafkaClientConfig kafka,
    TopicNames topics,
    InputPartitioning inputPartitioning,
    StandbyBound maxStaleness,
    Lifecycle lifecycle,
    DiskReserve minFreeDisk) {

  /** How far behind a standby copy may answer when no default is given: {@code --max-staleness}. */
  public static final StandbyBound DEFAULT_MAX_STALENESS = new StandbyBound(1000);

  /** The default reserve of free disk ({@link DiskReserve#AUTO}). */
  public AppConfig(
      String bootstrapServers,
      int httpPort,
      Path dataDir,
      String applicationId,
      String advertisedUrl,
      String clusterSecret,
      String processingGuarantee,
      int streamThreads,
      int replicationFactor,
      int standbyReplicas,
      Duration dedupeWindow,
      long readyMaxLag,
      KafkaClientConfig kafka,
      TopicNames topics,
      InputPartitioning inputPartitioning,
      StandbyBound maxStaleness,
      Lifecycle lifecycle) {
    this(
        bootstrapServers,
        httpPort,
        dataDir,
        applicationId,
        advertisedUrl,
        clusterSecret,
        processingGuarantee,
        streamThreads,
        replicationFactor,
        standbyReplicas,
        dedupeWindow,
        readyMaxLag,
        kafka,
        topics,
        inputPartitioning,
        maxStaleness,
        lifecycle,
        DiskReserve.AUTO);
  }

  /** The default {@link #DEFAULT_MAX_STALENESS}, a dynamic member without a drain period. */
  public AppConfig(
      String bootstrapServers,
      int httpPort,
      Path dataDir,
      String applicationId,
      String advertisedUrl,
      String clusterSecret,
      String processingGuarantee,
      int streamThreads,
      int replicationFactor,
      int standbyReplicas,
      Duration dedupeWindow,
      long readyMaxLag,
      KafkaClientConfig kafka,
      TopicNames topics,
      InputPartitioning inputPartitioning) {
    this(
        bootstrapServers,
        httpPort,
        dataDir,
        applicationId,
        advertisedUrl,
        clusterSecret,
        processingGuarantee,
        streamThreads,
        replicationFactor,
        standbyReplicas,
        dedupeWindow,
        readyMaxLag,
        kafka,
        topics,
        inputPartitioning,
        DEFAULT_MAX_STALENESS,
        Lifecycle.DYNAMIC);
  }

  /**
   * Plaintext clients of {@code bootstrapServers} on the declared topic names, whose producers all
   * use Java's default partitioner.
   */
  public AppConfig(
      String bootstrapServers,
      int httpPort,
      Path dataDir,
      String applicationId,
      String advertisedUrl,
      String clusterSecret,
      String processingGuarantee,
      int streamThreads,
      int replicationFactor,
      int standbyReplicas,
      Duration dedupeWindow,
      long readyMaxLag) {
    this(
        bootstrapServers,
        httpPort,
        dataDir,
        applicationId,
        advertisedUrl,
        clusterSecret,
        processingGuarantee,
        streamThreads,
        replicationFactor,
        standbyReplicas,
        dedupeWindow,
        readyMaxLag,
        KafkaClientConfig.plain(bootstrapServers),
        TopicNames.DEFAULT,
        InputPartitioning.ANY);
  }

  public AppConfig {
    if (!kafka.bootstrapServers().equals(bootstrapServers)) {
      throw new IllegalArgumentException("the Kafka clients must use bootstrapServers");
    }
  }

  public AppConfig withInputPartitioning(InputPartitioning partitioning) {
    return with(partitioning, maxStaleness, lifecycle, minFreeDisk);
  }

  public AppConfig withMaxStaleness(StandbyBound bound) {
    return with(inputPartitioning, bound, lifecycle, minFreeDisk);
  }

  public AppConfig withLifecycle(Lifecycle changed) {
    return with(inputPartitioning, maxStaleness, changed, minFreeDisk);
  }

  public AppConfig withMinFreeDisk(DiskReserve reserve) {
    return with(inputPartitioning, maxStaleness, lifecycle, reserve);
  }

  /** This configuration with its last four settings (the ones that have withers) replaced. */
  private AppConfig with(
      InputPartitioning partitioning, StandbyBound bound, Lifecycle changed, DiskReserve reserve) {
    return new AppConfig(
        bootstrapServers,
        httpPort,
        dataDir,
        applicationId,
        advertisedUrl,
        clusterSecret,
        processingGuarantee,
        streamThreads,
        replicationFactor,
        standbyReplicas,
        dedupeWindow,
        readyMaxLag,
        kafka,
        topics,
        partitioning,
        bound,
        changed,
        reserve);
  }

  public Path stateDir() {
    return dataDir.resolve("streams");
  }

  @Override
  public String toString() {
    return "bootstrapServers="
        + bootstrapServers
        + " httpPort="
        + httpPort
        + " dataDir="
        + dataDir
        + " applicationId="
        + applicationId
        + " advertisedUrl="
        + advertisedUrl
        + " clusterSecret="
        + (clusterSecret == null ? "(none)" : "(set)")
        + " processingGuarantee="
        + processingGuarantee
        + " streamThreads="
        + streamThreads
        + " replicationFactor="
        + replicationFactor
        + " standbyReplicas="
        + standbyReplicas
        + " dedupeWindow="
        + dedupeWindow
        + " readyMaxLag="
        + readyMaxLag
        + " kafkaConfig="
        + kafka
        + " topics="
        + topics
        + " inputPartitioning="
        + inputPartitioning.wire()
        + " maxStaleness="
        + maxStaleness.maxRecords()
        + " "
        + lifecycle
        + " minFreeDisk="
        + minFreeDisk;
  }
}
