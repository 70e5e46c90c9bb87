package ai.buena.leads.runtime;

import ai.buena.leads.projection.InputPartitioning;
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
    InputPartitioning inputPartitioning) {

  /** A configuration whose producers all use Java's default partitioner (the default). */
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
        InputPartitioning.CHECKED);
  }

  public AppConfig withInputPartitioning(InputPartitioning partitioning) {
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
        partitioning);
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
        + " inputPartitioning="
        + inputPartitioning.wire();
  }
}
