package ai.buena.leads.runtime;

import ai.buena.leads.auth.KeyStoreTopology;
import ai.buena.leads.consistency.AppliedOffsets;
import ai.buena.leads.http.Readiness;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.projection.DeadLetterTopicLimit;
import ai.buena.leads.projection.ErrorHandling;
import ai.buena.leads.projection.FailingRecords;
import ai.buena.leads.projection.LeadTopology;
import ai.buena.leads.projection.Names;
import ai.buena.leads.projection.ProjectionMetrics;
import ai.buena.leads.projection.SnapshotPreloads;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InvalidSessionTimeoutException;
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
  /**
   * How long the copy of a task that left this instance may still answer (stale-labelled) while no
   * copy that follows the changelog can: long enough for a restoration from scratch of a partition
   * that exactly-once wiped everywhere. It is closed as soon as such a copy answers.
   */
  static final Duration RETIRED_COPY_BOUND = Duration.ofMinutes(5);

  /**
   * The share of the heap's maximum in use after a collection from which on retired copies are
   * closed and no more are kept: each holds a partition's whole index, which its replacement may
   * build again beside it.
   */
  static final double RETIRED_COPIES_HEAP_BOUND = 0.8;

  private final KafkaStreams streams;
  /** The local stores' lags, for readiness and the standby copies' answers. */
  private final LagMeter lags;
  private final StoreLagVerdict lagVerdict;
  private final ProjectionMetrics metrics;
  private final LocalIndexes indexes;
  private final Lifecycle lifecycle;
  private final SnapshotPreloads preloads;
  private volatile ChangelogEnds changelogEnds;
  private volatile FailedThreadMembers failedThreadMembers;
  private volatile DeadLetterTopicLimit deadLetterLimit;
  private volatile DeadLetterTopicSize deadLetterTopicSize;
  private volatile DiskSpaceGuard diskGuard;
  private volatile ChangelogWatch changelogWatch;
  /** Why the projection's state is gone from Kafka, once a changelog topic was deleted under it. */
  private volatile String stateLost;
  /** The leads store's changelog topic (known only to services created from a configuration). */
  private volatile String leadsChangelog;
  private final CountDownLatch running = new CountDownLatch(1);
  private final AtomicReference<CachedReadiness> readiness = new AtomicReference<>();
  private volatile boolean closing;
  private volatile boolean readyOnce;
  /** {@code <state dir>/<application id>}: where a damaged store's task directory may be. */
  private volatile java.nio.file.Path applicationStateDirectory;
  /** A store found damaged while running: its task directory is deleted once Kafka Streams closed. */
  private volatile DamagedStore damaged;
  private final GroupHeartbeats heartbeats;
  private final HeapAfterCollections heap;

  private ProjectionService(
      KafkaStreams streams,
      ProjectionMetrics metrics,
      LocalIndexes indexes,
      long readyMaxLag,
      Lifecycle lifecycle,
      SnapshotPreloads preloads) {
    this.streams = streams;
    this.lags = new LagMeter(streams);
    this.lagVerdict = new StoreLagVerdict(readyMaxLag, lifecycle.sessionTimeout());
    this.heartbeats = new GroupHeartbeats(streams::metrics).start();
    this.lifecycle = lifecycle;
    this.preloads = preloads;
    this.metrics = metrics;
    this.indexes = indexes;
    this.heap =
        HeapAfterCollections.watch(
            RETIRED_COPIES_HEAP_BOUND, why -> indexes.dropRetiredCopies(why + ": the heap is tight"));
    indexes.keepRetiredWhile(() -> !heap.tight());
  }

  /** Starts the projection of a {@code lead-events} with {@code inputPartitions} partitions. */
  public static ProjectionService start(AppConfig config, int inputPartitions) {
    return start(config, inputPartitions, preloadSnapshots(config));
  }

  /**
   * Starts reading the index snapshots of {@code config}'s state directory in the background: the
   * earlier, the less a restart waits for them. A restart's first answers come from the snapshots
   * (start-up copies) and need every partition's, so they get one thread per processor but one,
   * and at least two (-Dleads.snapshot.readers overrides): on 2 cores two readers brought the first
   * labelled answer at 1,000,000 leads from 6.6 to 5.3-5.7 s without delaying the complete one
   * (docs/benchmarks.md).
   */
  public static SnapshotPreloads preloadSnapshots(AppConfig config) {
    return SnapshotPreloads.start(
        config.stateDir().resolve(config.applicationId()),
        Integer.getInteger(
            "leads.snapshot.readers", Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
  }

  /** As {@link #start(AppConfig, int)}, with the snapshots being read since {@code preloads} started. */
  public static ProjectionService start(
      AppConfig config, int inputPartitions, SnapshotPreloads preloads) {
    ProjectionService service = create(config, inputPartitions, preloads);
    service.startStreams();
    return service;
  }

  /**
   * As {@link #start(AppConfig, int, SnapshotPreloads)} but not started yet: its Kafka Streams can be
   * wired to the rest of the service first, and {@link #startStreams} starts it.
   */
  public static ProjectionService create(
      AppConfig config, int inputPartitions, SnapshotPreloads preloads) {
    return create(config, inputPartitions, preloads, AppliedOffsets.DEFAULT_MAX_WAITING);
  }

  /** @param maxWaitingReads reads with a consistency token that may wait at once */
  public static ProjectionService create(
      AppConfig config, int inputPartitions, SnapshotPreloads preloads, int maxWaitingReads) {
    ProjectionMetrics metrics = new ProjectionMetrics();
    FailingRecords failures = new FailingRecords();
    DeadLetterTopicLimit deadLetterLimit = new DeadLetterTopicLimit();
    LocalIndexes indexes =
        new LocalIndexes(
            new AppliedOffsets(maxWaitingReads, AppliedOffsets.MAX_WAIT),
            config.maxStaleness().enabled() ? RETIRED_COPY_BOUND : Duration.ZERO);
    StreamsBuilder builder = new StreamsBuilder();
    LeadTopology.addTo(
        builder,
        config.topics(),
        config.dedupeWindow(),
        metrics,
        indexes,
        config.inputPartitioning(),
        inputPartitions,
        failures,
        deadLetterLimit);
    KeyStoreTopology.addTo(builder, config.topics().apiKeys());
    Topology topology = builder.build();
    Properties props = StreamsProperties.of(config);
    props.putAll(ErrorHandling.streamsProperties(metrics, failures, config.topics()));
    props.putAll(preloads.streamsProperties());
    KafkaStreams streams = new KafkaStreams(topology, props);
    StartupTimeline.reached("Kafka Streams created");
    ProjectionService service =
        watch(streams, metrics, indexes, config.readyMaxLag(), config.lifecycle(), preloads);
    service.applicationStateDirectory = config.stateDir().resolve(config.applicationId());
    service.changelogEnds = new ChangelogEnds(config.kafka());
    service.failedThreadMembers = new FailedThreadMembers(config.kafka(), config.applicationId());
    service.deadLetterLimit = deadLetterLimit;
    // read once the projection runs: its own admin client would add to a CPU-bound start
    service.deadLetterTopicSize =
        new DeadLetterTopicSize(config.kafka(), config.topics().deadLetters(), deadLetterLimit);
    service.diskGuard = diskGuard(config, streams);
    service.changelogWatch =
        new ChangelogWatch(
            LeadTopology.changelogTopics(config.applicationId()),
            RememberedChangelogs.file(config),
            ChangelogWatch.askingKafka(config.kafka(), config.applicationId(), config.dedupeWindow()),
            service::stateLost);
    service.leadsChangelog = LeadTopology.changelogTopic(config.applicationId(), Names.LEADS_STORE);
    // partitions whose snapshots are read answer from them (stale-labelled) until their stores open
    preloads.serveStartUpCopies(indexes, service.leadsChangelog);
    if (config.maxStaleness().enabled()) {
      service.warmChangelogEnds();
    }
    return service;
  }

  private static DiskSpaceGuard diskGuard(AppConfig config, KafkaStreams streams) {
    try {
      return DiskSpaceGuard.of(config.dataDir(), config.minFreeDisk(), streams);
    } catch (java.io.IOException e) {
      LOG.warn(
          "cannot read the volume of {} ({}): processing is not paused for free space",
          config.dataDir(),
          e.toString());
      return null;
    }
  }

  /**
   * Measures every partition of the leads changelog once, on a thread of its own: the first
   * measurement opens the admin client and its connection, which would otherwise delay (or, beyond
   * its 1 s timeout, fail as "cannot tell how far behind") the first stale answers of a start.
   */
  private void warmChangelogEnds() {
    ChangelogEnds ends = changelogEnds;
    String changelog = leadsChangelog;
    Thread warming =
        new Thread(
            // all partitions through the topic's description: on a first start the changelog
            // does not exist yet, and asking for a missing partition's offset logs Kafka ERRORs
            () -> ends.endOffsets(changelog),
            "changelog-ends-warm-up");
    warming.setDaemon(true);
    warming.start();
  }

  /**
   * Starts Kafka Streams (its start-up probe opens every store found on disk, on this thread); its
   * stream threads then join the group and open their tasks.
   */
  public void startStreams() {
    try {
      streams.start();
    } catch (RuntimeException e) {
      Optional<DamagedStore> found = DamagedStore.find(e, applicationStateDirectory);
      if (found.isEmpty()) {
        throw e;
      }
      streams.close(Duration.ZERO);
      throw new CommandFailure(1, deleted(found.get()) + "; start again");
    }
    StartupTimeline.reached("Kafka Streams started");
    DiskSpaceGuard guard = diskGuard;
    if (guard != null) {
      guard.start();
    }
    ChangelogWatch changelogs = changelogWatch;
    if (changelogs != null) {
      changelogs.start();
    }
  }

  /** The projection's state is gone from Kafka: it stops answering, and serve exits. */
  private void stateLost(String why) {
    stateLost = why;
    readiness.set(null);
    LOG.error("{}: stopping for good (/health/live answers 503, serve exits)", why);
  }

  /** The watch of the changelog topics; null when there is none (tests). */
  ChangelogWatch changelogWatch() {
    return changelogWatch;
  }

  /** The guard of the data directory's free space; null when there is none (tests, unreadable). */
  DiskSpaceGuard diskGuard() {
    return diskGuard;
  }

  /**
   * Deletes the damaged store's task directory, and says so: what was damaged, what was deleted,
   * and that the next start restores the task from the changelogs (or why it could not delete).
   */
  private static String deleted(DamagedStore store) {
    String found =
        "the "
            + store.store()
            + " store of task "
            + store.task()
            + " cannot be opened, RocksDB finds its files damaged ("
            + store.reason()
            + ")";
    try {
      String what =
          store.delete()
              ? ": deleted its task directory " + store.taskDirectory()
              : ": its task directory " + store.taskDirectory() + " is gone (Kafka Streams wiped it)";
      return found + what + ", the next start restores the task from the changelogs";
    } catch (java.io.IOException | RuntimeException e) {
      return found
          + ": could not delete its task directory "
          + store.taskDirectory()
          + " ("
          + e
          + "): stop the instance, delete that directory, and start it again";
    }
  }

  /** End offsets asked of the broker, cached briefly; present from {@link #create} on. */
  /** How much of an event its dead letter copies (known from {@link #create} on; else null). */
  public DeadLetterTopicLimit deadLetterLimit() {
    return deadLetterLimit;
  }

  ChangelogEnds changelogEnds() {
    return changelogEnds;
  }

  /** Installs the state listener and the thread failure handler on {@code streams}, then starts it. */
  static ProjectionService watchAndStart(
      KafkaStreams streams, ProjectionMetrics metrics, LocalIndexes indexes, long readyMaxLag) {
    return watchAndStart(streams, metrics, indexes, readyMaxLag, Lifecycle.DYNAMIC);
  }

  static ProjectionService watchAndStart(
      KafkaStreams streams,
      ProjectionMetrics metrics,
      LocalIndexes indexes,
      long readyMaxLag,
      Lifecycle lifecycle) {
    return watchAndStart(
        streams, metrics, indexes, readyMaxLag, lifecycle, SnapshotPreloads.none());
  }

  private static ProjectionService watchAndStart(
      KafkaStreams streams,
      ProjectionMetrics metrics,
      LocalIndexes indexes,
      long readyMaxLag,
      Lifecycle lifecycle,
      SnapshotPreloads preloads) {
    ProjectionService service = watch(streams, metrics, indexes, readyMaxLag, lifecycle, preloads);
    streams.start();
    return service;
  }

  /** Installs the state listener and the thread failure handler on {@code streams}. */
  private static ProjectionService watch(
      KafkaStreams streams,
      ProjectionMetrics metrics,
      LocalIndexes indexes,
      long readyMaxLag,
      Lifecycle lifecycle,
      SnapshotPreloads preloads) {
    ProjectionService service =
        new ProjectionService(streams, metrics, indexes, readyMaxLag, lifecycle, preloads);
    streams.setStateListener(
        (now, before) -> {
          LOG.info("projection state {} -> {}", before, now);
          if (now != KafkaStreams.State.RUNNING) {
            // what was measured before a rebalance says nothing of the tasks after it
            service.lagVerdict.notRunning();
          }
          ChangelogWatch changelogs = service.changelogWatch;
          if (now == KafkaStreams.State.RUNNING && changelogs != null) {
            // the tasks restored at this rebalance may have restored from a topic created anew
            changelogs.checkSoon();
          }
          if (now == KafkaStreams.State.RUNNING && service.running.getCount() > 0) {
            StartupTimeline.reached("first RUNNING");
            service.running.countDown();
            DeadLetterTopicSize size = service.deadLetterTopicSize;
            if (size != null) {
              size.readInBackground();
            }
            preloads.discardUnclaimed();
          }
          if (now == KafkaStreams.State.ERROR) {
            LOG.error(
                "projection stopped for good (state ERROR): /health/live answers 503 from now on,"
                    + " serve exits to be restarted");
          }
        });
    streams.setUncaughtExceptionHandler(
        e -> {
          // Called on the failing thread. The global (API keys') thread cannot be replaced (asking
          // to makes Kafka Streams 4.4 throw a ClassCastException): the instance stops for good.
          if (Thread.currentThread().getName().endsWith("-GlobalStreamThread")) {
            LOG.error("the global API-key thread failed, stopping the projection", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          }
          Optional<AuthorizationException> refused = refusedByKafka(e);
          if (refused.isPresent()) {
            // a missing ACL fails every replaced thread the same way: stop instead of spinning
            LOG.error(
                "Kafka refused this instance's principal: {}; stopping for good (state ERROR,"
                    + " serve exits): grant the ACLs of ops/runbook.md#kafka-acls",
                refused.get().getMessage());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          }
          if (sessionTimeoutRefused(e)) {
            // every replaced thread's JoinGroup is refused the same way, hundreds of times a minute
            LOG.error(
                "the broker refuses this instance's session timeout of {} s (outside its"
                    + " group.min.session.timeout.ms and group.max.session.timeout.ms): stopping for"
                    + " good (state ERROR, serve exits); start it with a --session-timeout"
                    + " (SESSION_TIMEOUT) within the broker's range",
                lifecycle.sessionTimeout().toSeconds());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          }
          if (fencedByNamesake(e)) {
            // Replacing the thread would fence the other instance in turn, back and forth.
            LOG.error(
                "another running instance uses the instance name {}: stopping this one for good"
                    + " (state ERROR, serve exits); give every instance its own --instance-name",
                lifecycle.instanceName().orElse("(none)"));
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          }
          Optional<DamagedStore> damagedStore =
              DamagedStore.find(e, service.applicationStateDirectory);
          if (damagedStore.isPresent()) {
            // every replaced thread would fail on the same files: stop, delete them once closed
            service.damaged = damagedStore.get();
            LOG.error(
                "the {} store of task {} cannot be opened, RocksDB finds its files damaged ({}):"
                    + " stopping for good (state ERROR, serve exits); its task directory is deleted"
                    + " once Kafka Streams has closed, and the next start restores the task from"
                    + " the changelogs",
                damagedStore.get().store(),
                damagedStore.get().task(),
                damagedStore.get().reason());
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          }
          metrics.streamThreadFailed();
          if (failedOnARecordLoggedAlready(e)) {
            LOG.error("stream thread failed on the record logged above, replacing it");
          } else {
            LOG.error("stream thread failed, replacing it", e);
          }
          FailedThreadMembers members = service.failedThreadMembers;
          if (members != null) {
            members.removeMemberOf(Thread.currentThread());
          }
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    return service;
  }

  /** The group coordinator refused the session timeout: a setting only a restart can change. */
  static boolean sessionTimeoutRefused(Throwable failure) {
    return Causes.find(failure, InvalidSessionTimeoutException.class).isPresent();
  }

  /** The refusal of an operation by Kafka's authorizer among the failure's causes, if any. */
  static Optional<AuthorizationException> refusedByKafka(Throwable failure) {
    return Causes.find(failure, AuthorizationException.class);
  }

  /**
   * A processor threw and the processing error handler (which logs the record and its stack trace
   * at its first attempt) answered FAIL: Kafka Streams then ends the thread with this.
   */
  private static boolean failedOnARecordLoggedAlready(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getClass().getSimpleName().equals("FailedProcessingException")) {
        return true;
      }
    }
    return false;
  }

  private static boolean fencedByNamesake(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof FencedInstanceIdException) {
        return true;
      }
    }
    return false;
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

  /** This instance's standby and retired copies, and how far behind each is. */
  StandbyStores standbyCopies() {
    return changelogEnds == null
        ? new StandbyStores(streams, lags)
        : new StandbyStores(streams, lags, changelogEnds, indexes, leadsChangelog);
  }

  /**
   * Whether the projection stopped for good without being asked to (state ERROR: a thread that
   * cannot be replaced died, Kafka refused its principal, a namesake fenced it): only a restart
   * helps.
   */
  public boolean stoppedForGood() {
    return stateLost != null || isPermanentlyDown(streams.state());
  }

  /** True while the projection runs or rebalances (tasks it still holds can answer). */
  public boolean isRunning() {
    KafkaStreams.State state = streams.state();
    return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
  }

  /**
   * Whether this instance's copies may answer queries: while it runs or rebalances, and before
   * Kafka Streams started, when the only copies are start-up copies (stale-labelled; none once
   * the stores open). Not once it stops or fails, nor while it has been paused for disk space
   * since before it first ran: its copies' changelog lag (the staleness label) would not count the
   * events waiting in lead-events, and a first start's empty copies would answer "no leads".
   */
  public boolean answersQueries() {
    if (stateLost != null) {
      return false;
    }
    DiskSpaceGuard guard = diskGuard;
    if (guard != null && guard.paused() && running.getCount() > 0) {
      return false;
    }
    return isRunning() || streams.state() == KafkaStreams.State.CREATED;
  }

  /** Waits until the projection first reaches RUNNING; false when the deadline passed first. */
  public boolean awaitRunning(Duration deadline) throws InterruptedException {
    return running.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Ready = RUNNING and every local store within {@code readyMaxLag} records of its changelog. */
  public Readiness.Status readiness() {
    CachedReadiness cached = readiness.get();
    long now = System.currentTimeMillis();
    KafkaStreams.State state = streams.state();
    // A new state is answered at once, not when the cached answer expires (e.g. at RUNNING).
    if (cached != null && cached.state == state && now - cached.at < READINESS_CACHE_MILLIS) {
      return cached.status;
    }
    Readiness.Status status = computeReadiness(state);
    readiness.set(new CachedReadiness(now, state, status));
    if (status.ready() && !readyOnce) {
      readyOnce = true;
      StartupTimeline.reached("ready");
    }
    return status;
  }

  private Readiness.Status computeReadiness(KafkaStreams.State state) {
    String lost = stateLost;
    if (lost != null) {
      return Readiness.Status.down(lost);
    }
    if (isPermanentlyDown(state)) {
      return Readiness.Status.down("projection stopped: " + state + " (only a restart helps)");
    }
    if (state != KafkaStreams.State.RUNNING) {
      lagVerdict.notRunning();
      DiskSpaceGuard guard = diskGuard;
      return Readiness.Status.notReady(
          "projection is " + state + (guard != null && guard.paused() ? "; " + guard.pausedReason() : ""));
    }
    Map<Integer, String> damagedStores = indexes.damagedStores();
    if (!damagedStores.isEmpty()) {
      return Readiness.Status.notReady(
          "the leads store of partition "
              + damagedStores.keySet().iterator().next()
              + " is damaged ("
              + damagedStores.values().iterator().next()
              + "): stop this instance, delete that task directory, start it (ops/runbook.md)");
    }
    // empty when the broker did not give the changelogs' end offsets in time, or it failed
    Optional<LagMeter.Measured> measured = lags.lags(Duration.ofMillis(READINESS_CACHE_MILLIS));
    OptionalLong worst = OptionalLong.empty();
    long measuredAtMillis = System.currentTimeMillis();
    if (measured.isPresent()) {
      measuredAtMillis -= (System.nanoTime() - measured.get().atNanos()) / 1_000_000;
      long highest = 0;
      for (Map<Integer, LagInfo> partitions : measured.get().lags().values()) {
        for (LagInfo lag : partitions.values()) {
          highest = Math.max(highest, lag.offsetLag());
        }
      }
      worst = OptionalLong.of(highest);
    }
    long now = System.currentTimeMillis();
    return lagVerdict.whileRunning(worst, measuredAtMillis, now, heartbeats.latest());
  }

  /**
   * ERROR and PENDING_ERROR: a thread that cannot be replaced (the global API-key thread) died, or
   * the client shut itself down; NOT_RUNNING and PENDING_SHUTDOWN count only when nobody asked.
   */
  private boolean isPermanentlyDown(KafkaStreams.State state) {
    return switch (state) {
      case ERROR, PENDING_ERROR -> true;
      case NOT_RUNNING, PENDING_SHUTDOWN -> !closing;
      default -> false;
    };
  }

  /**
   * The share of the heap's maximum in use after the last garbage collection (NaN before the
   * first); from {@link #RETIRED_COPIES_HEAP_BOUND} on, no retired copy is kept.
   */
  public double heapShareAfterCollection() {
    return heap.lastShare();
  }

  @Override
  public void close() {
    closing = true;
    if (diskGuard != null) {
      diskGuard.close();
    }
    if (changelogWatch != null) {
      changelogWatch.close();
    }
    // the stores close for good at shutdown: none is kept as a retired copy
    indexes.stopRetiring();
    // Leaving the group hands this instance's partitions to the others at once; a static member
    // that stays keeps them for its restart (until the session timeout).
    boolean closed =
        streams.close(
            CloseOptions.groupMembershipOperation(
                    lifecycle.leaveGroupOnStop()
                        ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                        : CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
    if (!closed) {
      LOG.warn(
          "Kafka Streams did not close within {} s: its last commit and snapshots may be missing,"
              + " and the next start may restore more",
          CLOSE_TIMEOUT.toSeconds());
    }
    indexes.closeAllRetired();
    DamagedStore store = damaged;
    if (store != null) {
      if (closed) {
        LOG.warn(deleted(store));
      } else {
        LOG.error(
            "the task directory {} holds a damaged store, and Kafka Streams did not close in time:"
                + " not deleted; delete it before the next start",
            store.taskDirectory());
      }
    }
    heap.close();
    lags.close();
    heartbeats.close();
    if (changelogEnds != null) {
      changelogEnds.close();
    }
    preloads.close();
  }

  private record CachedReadiness(long at, KafkaStreams.State state, Readiness.Status status) {}
}
