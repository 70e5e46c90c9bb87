package ai.buena.leads.runtime;

import ai.buena.leads.auth.GlobalStoreKeyLookup;
import ai.buena.leads.auth.StartUpKeyCopy;
import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.http.ApiServer;
import ai.buena.leads.http.HttpRemoteInstances;
import ai.buena.leads.http.ServerOptions;
import ai.buena.leads.query.AnsweringOwners;
import ai.buena.leads.query.ClusterLeadQueryService;
import ai.buena.leads.query.ClusterView;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.projection.LeadPartitioner;
import ai.buena.leads.projection.LeadTopology;
import ai.buena.leads.projection.Names;
import ai.buena.leads.projection.SnapshotPreloads;
import ai.buena.leads.query.LeadQueryService;
import ai.buena.leads.query.LocalLeadQueryService;
import ai.buena.leads.query.RemoteInstances;
import ai.buena.leads.write.KafkaEventLog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.errors.StreamsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running service: the projection and the HTTP API over it. Wiring lives here. */
public final class LeadProjectionApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeadProjectionApp.class);
  private static final Duration CLUSTER_CALL_TIMEOUT = Duration.ofSeconds(3);
  /**
   * The end of a drain during which the internal answers say this instance stops soon: a second,
   * or half of a shorter drain.
   */
  static Duration stopNotice(Duration drainPeriod) {
    Duration second = Duration.ofSeconds(1);
    return drainPeriod.compareTo(second.multipliedBy(2)) >= 0 ? second : drainPeriod.dividedBy(2);
  }

  /** After the drain: how long open connections may still be served before the server stops. */
  private static final Duration CONNECTIONS_CLOSE_BOUND = Duration.ofSeconds(2);
  /**
   * The longest a stop takes after its drain period: each close step's own bound (connections,
   * the HTTP server, the writes' producer, Kafka Streams, the admin client). Orchestrators' grace
   * periods must allow the drain, this and the JVM's exit.
   */
  public static final Duration STOP_AFTER_DRAIN =
      CONNECTIONS_CLOSE_BOUND
          .plus(ApiServer.STOP_TIMEOUT)
          .plus(KafkaEventLog.CLOSE_TIMEOUT)
          .plus(ProjectionService.CLOSE_TIMEOUT)
          .plus(ChangelogEnds.TIMEOUT);
  /** Where Kafka Streams keeps the global store {@code api-keys} in the application's state directory. */
  private static final Path GLOBAL_KEY_STORE = Path.of("global", "rocksdb", Names.API_KEYS_STORE);

  private final ProjectionService projection;
  private final KafkaEventLog writes;
  private final GlobalStoreKeyLookup keys;
  private final Draining draining;
  private final ApiServer http;
  private final Duration drainPeriod;

  private LeadProjectionApp(
      ProjectionService projection,
      KafkaEventLog writes,
      GlobalStoreKeyLookup keys,
      Draining draining,
      ApiServer http,
      Duration drainPeriod) {
    this.projection = projection;
    this.writes = writes;
    this.keys = keys;
    this.draining = draining;
    this.http = http;
    this.drainPeriod = drainPeriod;
  }

  public static LeadProjectionApp start(AppConfig config) {
    return start(config, ServerOptions.defaults());
  }

  public static LeadProjectionApp start(AppConfig config, ServerOptions httpOptions) {
    return start(config, httpOptions, ProjectionService.preloadSnapshots(config));
  }

  /** As {@link #start(AppConfig, ServerOptions)}, with index snapshots read since {@code preloads} started. */
  public static LeadProjectionApp start(
      AppConfig config, ServerOptions httpOptions, SnapshotPreloads preloads) {
    LOG.info("starting with {} {}", config, httpOptions);
    // The partitions lead-events has on the cluster (created with --partitions, or by the operator):
    // the stores, the query fan-out and the API's writes follow it.
    KafkaEventLog writes = KafkaEventLog.onCluster(config.kafka(), config.topics().leadEvents());
    LOG.info("topic {} has {} partitions", config.topics().leadEvents(), writes.partitions());
    RememberedPartitions.write(config, writes.partitions());
    return start(config, httpOptions, preloads, writes, () -> {});
  }

  /**
   * As {@link #start(AppConfig, ServerOptions, SnapshotPreloads)} after {@code kafkaChecks} (Kafka
   * reachable, topics checked). When an earlier start on this state directory remembered the
   * partition count of {@code lead-events}, the checks run on a thread of their own while the
   * projection, its start-up copies and the HTTP server start: a restart answers (stale-labelled)
   * without waiting for them. Kafka Streams starts only once they passed and the cluster confirmed
   * the count; if it has another, everything started is closed and started again the usual way.
   */
  public static LeadProjectionApp startWhileChecking(
      AppConfig config, ServerOptions httpOptions, SnapshotPreloads preloads, Runnable kafkaChecks) {
    OptionalInt remembered = RememberedPartitions.read(config);
    if (remembered.isEmpty()) {
      kafkaChecks.run();
      return start(config, httpOptions, preloads);
    }
    int partitions = remembered.getAsInt();
    LOG.info("starting with {} {}, {} partitions as at the last start while Kafka is checked", config, httpOptions, partitions);
    CompletableFuture<Void> checked = StartedBeside.onOwnThread("kafka-checks", kafkaChecks);
    KafkaEventLog writes = new KafkaEventLog(config.kafka(), config.topics().leadEvents(), partitions);
    try {
      return start(
          config,
          httpOptions,
          preloads,
          writes,
          () -> {
            StartedBeside.joined(checked);
            int onCluster = writes.partitionsOnCluster();
            if (onCluster != partitions) {
              throw new PartitionCountChanged(partitions, onCluster);
            }
          });
    } catch (PartitionCountChanged e) {
      LOG.warn(
          "topic {} has {} partitions, not {} as at the last start here: starting again with {}",
          config.topics().leadEvents(), e.onCluster, e.remembered, e.onCluster);
      return start(config, httpOptions, ProjectionService.preloadSnapshots(config));
    }
  }

  private static final class PartitionCountChanged extends RuntimeException {
    final int remembered;
    final int onCluster;

    PartitionCountChanged(int remembered, int onCluster) {
      super("lead-events has " + onCluster + " partitions, not " + remembered, null, false, false);
      this.remembered = remembered;
      this.onCluster = onCluster;
    }
  }

  /** Starts Kafka Streams only after {@code beforeStreams}, while the HTTP server starts. */
  private static LeadProjectionApp start(
      AppConfig config,
      ServerOptions httpOptions,
      SnapshotPreloads preloads,
      KafkaEventLog writes,
      Runnable beforeStreams) {
    int partitions = writes.partitions();
    ProjectionService projection;
    try {
      // before anything joins the group: a start that cannot serve (its port taken, say by a
      // running instance of the same name) must not join it as that instance's static member
      HttpPort.requireFree(config.httpPort());
      projection =
          ProjectionService.create(
              config, partitions, preloads, AppliedOffsets.maxWaitingFor(httpOptions.maxInFlight()));
    } catch (StreamsException e) {
      writes.close();
      throw DataDirectoryInUse.when(e, config.dataDir()).orElseThrow(() -> e);
    } catch (RuntimeException e) {
      writes.close();
      throw e;
    }
    try {
      LocalLeadQueryService local =
          new LocalLeadQueryService(
              projection.indexes(),
              partitions,
              projection::answersQueries,
              leadId -> LeadPartitioner.partitionOf(leadId, partitions),
              LocalLeadQueryService.DEFAULT_WORK_BUDGET,
              projection.standbyCopies(),
              new StreamsAppliedEvents(
                  projection.streams(), config.dedupeWindow(), Clock.systemUTC()));
      URI advertised = URI.create(config.advertisedUrl());
      ClusterView cluster =
          new StreamsClusterView(
              projection.streams(),
              new HostAddress(advertised.getHost(), advertised.getPort()),
              partitions,
              LeadTopology.leadsSourceTopic(config.topics()));
      RemoteInstances remote = new HttpRemoteInstances(config.clusterSecret(), CLUSTER_CALL_TIMEOUT);
      LeadQueryService queries =
          new ClusterLeadQueryService(
              local, cluster, remote, CLUSTER_CALL_TIMEOUT, config.maxStaleness());
      projection.indexes().dropRetiredWhen(new AnsweringOwners(cluster, remote));
      ChangelogEnds topicEnds = projection.changelogEnds();
      GlobalStoreKeyLookup keys =
          new GlobalStoreKeyLookup(
              projection.streams(),
              StartUpKeyCopy.open(
                      config.stateDir().resolve(config.applicationId()).resolve(GLOBAL_KEY_STORE),
                      config.topics().apiKeys(),
                      () -> topicEnds.endOffsets(config.topics().apiKeys()))
                  .orElse(null));
      Draining draining = new Draining(projection::readiness);
      ProjectionService started = projection;
      // The HTTP server starts on its own thread while Kafka Streams starts on this one. Until the
      // projection runs it answers 503 (API) and not ready (/health/ready), as during a rebalance.
      ApiServer http =
          StartedBeside.start(
              "http-start",
              () -> {
                ApiServer server =
                    ApiServer.start(
                        config.httpPort(),
                        draining,
                        queries,
                        keys,
                        local,
                        config.clusterSecret(),
                        ServiceMetrics.bind(started),
                        writes,
                        httpOptions);
                StartupTimeline.reached("HTTP server started");
                return server;
              },
              () -> {
                beforeStreams.run();
                started.startStreams();
                keys.streamsStarted();
              });
      http.shareRateCountsWith(() -> others(cluster));
      return new LeadProjectionApp(
          projection, writes, keys, draining, http, config.lifecycle().drainPeriod());
    } catch (RuntimeException e) {
      writes.close();
      projection.close();
      throw e;
    }
  }

  /** The cluster's instances but this one, as its metadata names them now. */
  private static Set<HostAddress> others(ClusterView cluster) {
    Set<HostAddress> others = new HashSet<>(cluster.instances());
    others.remove(cluster.self());
    return others;
  }

  public ProjectionService projection() {
    return projection;
  }

  public int httpPort() {
    return http.port();
  }

  public boolean awaitRunning(Duration deadline) throws InterruptedException {
    return projection.awaitRunning(deadline);
  }

  /**
   * Stops in the order that keeps every answer complete: not ready first (load balancers and
   * orchestrators stop sending), the drain period while requests already on their way are still
   * answered (at its end the internal answers say this instance stops soon, so that the others
   * ask it last before it stops answering), then no new connections while the open ones are served until each closes after its
   * answer, then the HTTP server (it waits for the requests under way), then Kafka Streams.
   */
  @Override
  public void close() {
    long started = System.nanoTime();
    if (!drainPeriod.isZero()) {
      draining.start();
      LOG.info("draining for {} ms: /health/ready answers 503, requests are still answered", drainPeriod.toMillis());
      Duration notice = stopNotice(drainPeriod);
      try {
        Thread.sleep(drainPeriod.minus(notice).toMillis());
        // the other instances learn from their calls that this one stops soon, and ask it last
        draining.stopSoon();
        Thread.sleep(notice.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // each step runs whatever the one before it did: Kafka Streams must close (commit, save the
    // snapshots, leave or keep its place in the group) even when the HTTP server's stop failed
    closing(
        "HTTP connections",
        () -> {
          if (!drainPeriod.isZero() && !http.closeConnections(CONNECTIONS_CLOSE_BOUND)) {
            LOG.info(
                "HTTP connections still open {} ms after the drain: the stop answers their requests 503",
                CONNECTIONS_CLOSE_BOUND.toMillis());
          }
        });
    closing("the HTTP server", http::close);
    closing("the writes' producer", writes::close);
    closing("the API keys", keys::close);
    closing("the projection", projection::close);
    LOG.info("stopped in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  private static void closing(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.error("closing {} failed; the stop goes on", what, e);
    }
  }
}
