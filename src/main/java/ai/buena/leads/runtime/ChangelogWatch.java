package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops the projection for good when one of its changelog topics is deleted, or deleted and created
 * again, while it runs. Left alone, Kafka Streams fails the tasks that write to it (after the
 * producer's {@code max.block.ms}), wipes their stores under exactly-once, creates the topic anew
 * at the next rebalance, restores nothing from it and goes on from the group's offsets: the
 * instance answers, ready, with the leads of those partitions gone (seen: 300 of 1,279). Every
 * {@link #INTERVAL}, and at once on every rebalance's end, it asks Kafka for the changelogs' topic
 * IDs: the ID remembered from the last run here ({@link RememberedChangelogs}, which the start's
 * {@link StateTopicsCheck} kept or forgot), or else the first seen, is kept and written for the
 * next start; another ID later, or the topic missing at {@link #MISSING_CHECKS} checks in a row (a
 * deletion under way may still be described once), is reported once. Every {@link
 * #RETENTION_EVERY} intervals it also asks whether the changelogs would lose records a restore
 * needs ({@link ChangelogRetention}, checked at start too): while so, one ERROR line and {@link
 * #retentionProblem}; the instance's own stores are whole, so it goes on answering.
 */
final class ChangelogWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangelogWatch.class);
  static final Duration INTERVAL = Duration.ofSeconds(5);
  static final int MISSING_CHECKS = 2;
  static final int RETENTION_EVERY = 12;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** What the watch asks Kafka about the changelogs. */
  interface StateTopics extends AutoCloseable {
    /** The topic IDs of those of {@code topics} that exist. */
    Map<String, Uuid> ids(List<String> topics) throws Exception;

    /** What would make the changelogs lose records a restore needs ({@link ChangelogRetention}). */
    default Optional<String> retentionProblem() throws Exception {
      return Optional.empty();
    }

    @Override
    default void close() {}
  }

  private final List<String> changelogs;
  private final Path memory;
  private final StateTopics stateTopics;
  private final Consumer<String> lost;
  private final Duration interval;
  private final Map<String, Uuid> seen = new HashMap<>();
  private final Map<String, Integer> missingChecks = new HashMap<>();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "changelog-watch");
            thread.setDaemon(true);
            return thread;
          });
  private boolean loaded;
  private boolean reported;
  private boolean failing;
  private volatile String retentionProblem;

  /**
   * @param memory where the IDs seen are written for the next start ({@link RememberedChangelogs})
   * @param lost told once, with what happened and the way back
   */
  ChangelogWatch(List<String> changelogs, Path memory, StateTopics stateTopics, Consumer<String> lost) {
    this(changelogs, memory, stateTopics, lost, INTERVAL);
  }

  ChangelogWatch(
      List<String> changelogs, Path memory, StateTopics stateTopics, Consumer<String> lost, Duration interval) {
    this.changelogs = List.copyOf(changelogs);
    this.memory = memory;
    this.stateTopics = stateTopics;
    this.lost = lost;
    this.interval = interval;
  }

  /** Asks Kafka with an admin client of its own, opened at the first check. */
  static StateTopics askingKafka(KafkaClientConfig kafka, String applicationId, Duration dedupeWindow) {
    return new AdminStateTopics(kafka, applicationId, dedupeWindow);
  }

  /**
   * Checks every interval from one interval on, on a thread of its own: not at once, as the end of
   * the first rebalance asks for a check ({@link #checkSoon}) and a start is busy until then.
   */
  void start() {
    executor.scheduleWithFixedDelay(
        logged(this::check, "checking the changelog topics failed"),
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
    long retentionMillis = interval.toMillis() * RETENTION_EVERY;
    executor.scheduleWithFixedDelay(
        logged(this::checkRetention, "checking the changelog topics' retention failed"),
        retentionMillis,
        retentionMillis,
        TimeUnit.MILLISECONDS);
  }

  /** What would make the changelogs lose records a restore needs, as last found (while running). */
  Optional<String> retentionProblem() {
    return Optional.ofNullable(retentionProblem);
  }

  /** One retention check (on the watch's thread, or a test's). */
  synchronized void checkRetention() {
    Optional<String> found;
    try {
      found = stateTopics.retentionProblem();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      // the ID checks say when Kafka cannot be asked
      return;
    }
    String before = retentionProblem;
    retentionProblem = found.orElse(null);
    if (found.isPresent() && !found.get().equals(before)) {
      LOG.error(
          "{} (found while running: this instance's stores are whole, but a store restored from"
              + " these topics would not be)",
          found.get());
    } else if (found.isEmpty() && before != null) {
      LOG.info("the changelog topics keep what a restore needs again");
    }
  }

  /** Checks as soon as the watch's thread is free (a rebalance ended: tasks may have restored). */
  void checkSoon() {
    if (!executor.isShutdown()) {
      executor.execute(logged(this::check, "checking the changelog topics failed"));
    }
  }

  /** {@code check}, its unexpected failure logged once with its stack trace (a scheduled task's is lost). */
  private static Runnable logged(Runnable check, String failed) {
    return () -> {
      try {
        check.run();
      } catch (RuntimeException e) {
        LOG.error(failed, e);
      }
    };
  }

  /** One check (on the watch's thread, or a test's). */
  synchronized void check() {
    if (reported) {
      return;
    }
    if (!loaded) {
      // read at the first check, after the start's check kept or forgot them (StateTopicsCheck)
      loaded = true;
      RememberedChangelogs.read(memory).forEach(
          (topic, id) -> {
            if (changelogs.contains(topic)) {
              seen.put(topic, id);
            }
          });
    }
    Map<String, Uuid> current;
    try {
      current = stateTopics.ids(changelogs);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      if (!failing) {
        failing = true;
        LOG.warn("cannot read the changelog topics' IDs ({}); trying again every {} ms", e.toString(), interval.toMillis());
      }
      return;
    }
    failing = false;
    boolean newlySeen = false;
    for (String topic : changelogs) {
      Uuid known = seen.get(topic);
      // a broker older than Kafka 2.8 names no topic ID (zero): nothing to compare
      Uuid now = Uuid.ZERO_UUID.equals(current.get(topic)) ? null : current.get(topic);
      if (now == null && current.containsKey(topic)) {
        continue;
      }
      if (known == null) {
        if (now != null) {
          seen.put(topic, now);
          newlySeen = true;
        }
      } else if (now == null) {
        if (missingChecks.merge(topic, 1, Integer::sum) >= MISSING_CHECKS) {
          report(topic + " was deleted");
          return;
        }
      } else if (!now.equals(known)) {
        report(topic + " was deleted and created again (topic ID " + known + ", now " + now + ")");
        return;
      } else {
        missingChecks.remove(topic);
      }
    }
    if (newlySeen) {
      RememberedChangelogs.write(memory, seen);
    }
  }

  private void report(String what) {
    reported = true;
    lost.accept(
        "the projection's state topic "
            + what
            + " while it ran: the state it held is gone from Kafka, and Kafka Streams would restore"
            + " the stores from an empty topic and answer with leads missing. Every event is still"
            + " in lead-events: reprocess from scratch (ops/runbook.md#reprocess-from-scratch)");
  }

  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      stateTopics.close();
    } catch (Exception e) {
      LOG.debug("closing the changelog watch's admin client", e);
    }
  }

  private static final class AdminStateTopics implements StateTopics {
    private final KafkaClientConfig kafka;
    private final String applicationId;
    private final Duration dedupeWindow;
    private Admin admin;

    AdminStateTopics(KafkaClientConfig kafka, String applicationId, Duration dedupeWindow) {
      this.kafka = kafka;
      this.applicationId = applicationId;
      this.dedupeWindow = dedupeWindow;
    }

    @Override
    public synchronized Optional<String> retentionProblem() throws Exception {
      return ChangelogRetention.problem(admin(), applicationId, dedupeWindow, TIMEOUT);
    }

    private Admin admin() {
      if (admin == null) {
        admin = kafka.shortCallAdmin("lead-projection-changelog-watch", TIMEOUT);
      }
      return admin;
    }

    @Override
    public synchronized Map<String, Uuid> ids(List<String> topics) throws Exception {
      Map<String, KafkaFuture<TopicDescription>> described =
          admin()
              .describeTopics(topics, new DescribeTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
              .topicNameValues();
      Map<String, Uuid> ids = new HashMap<>();
      for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : described.entrySet()) {
        try {
          ids.put(topic.getKey(), topic.getValue().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).topicId());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw e;
          }
        }
      }
      return ids;
    }

    @Override
    public synchronized void close() {
      if (admin != null) {
        admin.close(TIMEOUT);
        admin = null;
      }
    }
  }
}
