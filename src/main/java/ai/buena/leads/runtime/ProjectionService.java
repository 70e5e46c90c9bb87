package ai.buena.leads.runtime;

import ai.buena.leads.auth.KeyStoreTopology;
import ai.buena.leads.http.Readiness;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.projection.LeadTopology;
import ai.buena.leads.projection.Names;
import ai.buena.leads.projection.ProjectionMetrics;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the projection topology and says whether its stores can answer. */
public final class ProjectionService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectionService.class);
  /** How long closing waits for Kafka Streams to commit, close its stores and leave the group. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final long READINESS_CACHE_MILLIS = 500;

  private final KafkaStreams streams;
  private final ProjectionMetrics metrics;
  private final LocalIndexes indexes;
  private final long readyMaxLag;
  private final CountDownLatch running = new CountDownLatch(1);
  private final AtomicReference<CachedReadiness> readiness = new AtomicReference<>();

  private ProjectionService(
      KafkaStreams streams, ProjectionMetrics metrics, LocalIndexes indexes, long readyMaxLag) {
    this.streams = streams;
    this.metrics = metrics;
    this.indexes = indexes;
    this.readyMaxLag = readyMaxLag;
  }

  public static ProjectionService start(AppConfig config) {
    ProjectionMetrics metrics = new ProjectionMetrics();
    LocalIndexes indexes = new LocalIndexes();
    StreamsBuilder builder = new StreamsBuilder();
    int inputPartitions =
        TopicDeclarations.loadFromClasspath().get(Names.LEAD_EVENTS).partitions();
    LeadTopology.addTo(
        builder,
        config.topics(),
        config.dedupeWindow(),
        metrics,
        indexes,
        config.inputPartitioning(),
        inputPartitions);
    KeyStoreTopology.addTo(builder, config.topics().apiKeys());
    Topology topology = builder.build();
    KafkaStreams streams = new KafkaStreams(topology, StreamsProperties.of(config));
    ProjectionService service =
        new ProjectionService(streams, metrics, indexes, config.readyMaxLag());
    streams.setStateListener(
        (now, before) -> {
          LOG.info("projection state {} -> {}", before, now);
          if (now == KafkaStreams.State.RUNNING) {
            service.running.countDown();
          }
        });
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("stream thread failed, replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.start();
    return service;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public ProjectionMetrics metrics() {
    return metrics;
  }

  public LocalIndexes indexes() {
    return indexes;
  }

  /** True while the projection runs or rebalances (tasks it still holds can answer). */
  public boolean isRunning() {
    KafkaStreams.State state = streams.state();
    return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
  }

  /** Waits until the projection first reaches RUNNING; false when the deadline passed first. */
  public boolean awaitRunning(Duration deadline) throws InterruptedException {
    return running.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Ready = RUNNING and every local store within {@code readyMaxLag} records of its changelog. */
  public Readiness.Status readiness() {
    CachedReadiness cached = readiness.get();
    long now = System.currentTimeMillis();
    if (cached != null && now - cached.at < READINESS_CACHE_MILLIS) {
      return cached.status;
    }
    Readiness.Status status = computeReadiness();
    readiness.set(new CachedReadiness(now, status));
    return status;
  }

  private Readiness.Status computeReadiness() {
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING) {
      return Readiness.Status.notReady("projection is " + state);
    }
    try {
      long worst = 0;
      for (Map<Integer, LagInfo> partitions : streams.allLocalStorePartitionLags().values()) {
        for (LagInfo lag : partitions.values()) {
          worst = Math.max(worst, lag.offsetLag());
        }
      }
      return worst <= readyMaxLag
          ? Readiness.Status.ok()
          : Readiness.Status.notReady("stores are restoring: " + worst + " records behind");
    } catch (RuntimeException e) {
      return Readiness.Status.notReady("store lags unavailable: " + e.getClass().getSimpleName());
    }
  }

  @Override
  public void close() {
    // Leaving the group hands this instance's partitions to the others at once, instead of after
    // the session timeout.
    streams.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(CLOSE_TIMEOUT));
  }

  private record CachedReadiness(long at, Readiness.Status status) {}
}
