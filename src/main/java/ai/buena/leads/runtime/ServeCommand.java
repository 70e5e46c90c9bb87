package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.projection.SnapshotPreloads;
import ai.buena.leads.projection.TopicNames;
import java.time.Duration;
import ai.buena.leads.http.ClusterSecrets;
import ai.buena.leads.http.ServerOptions;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Production mode: connects to an existing Kafka cluster, applies or checks topics/, runs the"
            + " projection and the HTTP API. Several serve processes with one application id form"
            + " one cluster.")
final class ServeCommand implements Callable<Integer> {
  private static final Duration PREFLIGHT_TIMEOUT = Duration.ofSeconds(20);
  /** How often the projection is checked for having stopped for good. */
  private static final Duration STOPPED_FOR_GOOD_CHECK = Duration.ofSeconds(1);
  /** The exit code when the projection stopped for good: a supervisor restarts the process. */
  static final int STOPPED_FOR_GOOD_EXIT = 4;

  @Spec CommandSpec spec;
  @Mixin ServiceOptions options;
  @Mixin KafkaConfigOption kafkaConfig;
  @Mixin TopicNameOptions topicNames;

  @Option(
      names = "--topics",
      defaultValue = "${env:TOPICS_MODE:-create}",
      paramLabel = "create|verify|skip",
      description =
          "create: create missing topics of topics/topics.yaml, then check them; verify: check"
              + " them, create nothing (a missing topic ends serve); skip: no topic admin calls"
              + " (env TOPICS_MODE, default create).")
  TopicsMode topicsMode;

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
      description = "Kafka cluster (env KAFKA_BOOTSTRAP_SERVERS); required.")
  String bootstrapServers;

  @Option(
      names = "--standby-replicas",
      defaultValue = "${env:STANDBY_REPLICAS:-1}",
      description = "Warm copies of each store on other instances (env STANDBY_REPLICAS, default 1).")
  int standbyReplicas;

  @Option(
      names = "--replication-factor",
      defaultValue = "${env:REPLICATION_FACTOR:--1}",
      description = "Replication of the projection's internal topics; -1 = the broker default (env REPLICATION_FACTOR).")
  int replicationFactor;

  @Option(
      names = "--cap-replication",
      defaultValue = "${env:CAP_REPLICATION:-false}",
      description = "Create topics with at most as many replicas as the cluster has brokers, for small test clusters (env CAP_REPLICATION, default false).")
  boolean capReplication;

  @Override
  public Integer call() throws Exception {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new ParameterException(
          spec.commandLine(), "--bootstrap-servers (or KAFKA_BOOTSTRAP_SERVERS) is required");
    }
    Optional<String> secretProblem = ClusterSecrets.problem(options.clusterSecret);
    if (secretProblem.isPresent()) {
      throw new ParameterException(
          spec.commandLine(),
          "--cluster-secret (or CLUSTER_SECRET) is required and "
              + secretProblem.get());
    }
    if (standbyReplicas < 0) {
      throw new ParameterException(spec.commandLine(), "--standby-replicas must be at least 0");
    }
    if (replicationFactor != -1 && replicationFactor < 1) {
      throw new ParameterException(
          spec.commandLine(), "--replication-factor must be at least 1, or -1 for the broker default");
    }
    KafkaClientConfig kafka = kafkaConfig.load(bootstrapServers, spec);
    TopicNames topics = topicNames.names(spec);
    AppConfig config =
        options.toConfig(kafka, topics, replicationFactor, standbyReplicas, options.clusterSecret);
    var httpOptions = options.toServerOptions("buena");
    StartupTimeline.noted("options read");
    // Index snapshots load while Kafka is checked, Kafka Streams starts and joins its group; after
    // a first start here, the projection and the HTTP server start while Kafka is checked too.
    try (DataDirectoryLock claimed = DataDirectoryLock.acquire(config.dataDir())) {
      // before anything of RocksDB's is used (the snapshot readers open start-up copies)
      if (RocksDbLibrary.loadFrom(config.dataDir())) {
        PrivateTempDirectory.useIn(config.dataDir());
      }
      return serve(kafka, topics, config, httpOptions);
    }
  }

  private Integer serve(KafkaClientConfig kafka, TopicNames topics, AppConfig config, ServerOptions httpOptions)
      throws Exception {
    try (Shutdown shutdown = new Shutdown();
        SnapshotPreloads preloads = ProjectionService.preloadSnapshots(config)) {
      Runnable kafkaChecks =
          () -> {
            try (Admin admin = KafkaPreflight.connect(kafka, PREFLIGHT_TIMEOUT, shutdown::requested)) {
              StartupTimeline.noted("Kafka reachable");
              Topics.apply(admin, options.declaredTopics(topics), topicsMode, capReplication);
              StartupTimeline.noted("topics checked");
              BrokerDefaultsCheck.require(admin, config, PREFLIGHT_TIMEOUT);
              GroupPartitioningCheck.require(admin, config, PREFLIGHT_TIMEOUT, shutdown::requested);
              StateTopicsCheck.require(admin, config, PREFLIGHT_TIMEOUT);
            }
            StartupTimeline.reached("group checked");
          };
      try (LeadProjectionApp app =
          LeadProjectionApp.startWhileChecking(config, httpOptions, preloads, kafkaChecks)) {
        while (!shutdown.await(STOPPED_FOR_GOOD_CHECK)) {
          if (app.projection().stoppedForGood()) {
            // the reason was logged when it happened; a supervisor restarts the process
            spec.commandLine()
                .getErr()
                .println("serve: the projection stopped for good (see the log above); exiting to be restarted");
            return STOPPED_FOR_GOOD_EXIT;
          }
        }
      }
    }
    return 0;
  }
}
