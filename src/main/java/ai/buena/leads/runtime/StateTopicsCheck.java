package ai.buena.leads.runtime;

import ai.buena.leads.projection.LeadTopology;
import ai.buena.leads.projection.Names;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start a projection whose state and group offsets disagree. (1) Its changelog topics
 * are gone while its group has processed events. Kafka Streams would create them empty, wipe every store whose checkpoint lies beyond
 * them, restore nothing, and go on from the group's committed offsets: the API would answer, ready,
 * with leads missing for good (seen: 97,786 of 294,068 leads after deleting the leads changelog of
 * a stopped instance). Deleting the group's offsets too (the reset tool, or a new application id)
 * replays {@code lead-events} instead, which is the way back. (2) Its group has no committed offsets
 * on {@code lead-events}, no member at work, and the leads changelog holds committed records (offsets
 * deleted, or expired after the group was empty for the brokers' {@code offsets.retention.minutes}): Kafka
 * Streams would replay {@code lead-events} from its start onto that state, and the events older
 * than the de-duplication window would be applied again over newer ones. (3) Its group has processed
 * events and a changelog has another topic ID than the projection last saw running here ({@link
 * RememberedChangelogs}): deleted and created again, it holds none of the state, as in (1). (4)
 * Its group has processed events and a changelog deletes records a restore needs, or has already
 * ({@link ChangelogRetention}). Best
 * effort: when the offsets or the topics cannot be read, the start goes on with a WARN line.
 */
final class StateTopicsCheck {
  private static final Logger LOG = LoggerFactory.getLogger(StateTopicsCheck.class);

  private StateTopicsCheck() {}

  /** @throws CommandFailure (exit 2) when a changelog is missing behind processed events */
  static void require(Admin admin, AppConfig config, Duration timeout) {
    refusal(admin, config, timeout)
        .ifPresent(
            message -> {
              throw new CommandFailure(2, message);
            });
  }

  static Optional<String> refusal(Admin admin, AppConfig config, Duration timeout) {
    String group = config.applicationId();
    String input = config.topics().leadEvents();
    try {
      // both asked at once: this runs beside the CPU-bound part of a restart
      KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> offsetsAsked =
          admin
              .listConsumerGroupOffsets(group, new ListConsumerGroupOffsetsOptions().timeoutMs((int) timeout.toMillis()))
              .partitionsToOffsetAndMetadata();
      KafkaFuture<Set<String>> topicsAsked =
          admin.listTopics(new ListTopicsOptions().timeoutMs((int) timeout.toMillis())).names();
      Map<TopicPartition, OffsetAndMetadata> offsets = offsetsAsked.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      long read =
          offsets.entrySet().stream()
              .filter(entry -> entry.getKey().topic().equals(input) && entry.getValue() != null)
              .mapToLong(entry -> entry.getValue().offset())
              .sum();
      Set<String> existing = topicsAsked.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (read > 0) {
        List<String> missing =
            LeadTopology.changelogTopics(group).stream().filter(topic -> !existing.contains(topic)).toList();
        if (!missing.isEmpty()) {
          return Optional.of(missingChangelogs(missing, group, input, read));
        }
        Map<String, TopicDescription> changelogs =
            admin
                .describeTopics(
                    LeadTopology.changelogTopics(group), new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
                .allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        List<String> recreated = recreated(RememberedChangelogs.read(RememberedChangelogs.file(config)), changelogs);
        if (!recreated.isEmpty()) {
          return Optional.of(recreatedChangelogs(recreated, RememberedChangelogs.file(config), input));
        }
        Optional<String> partly = partlyLostOffsets(admin, config, offsets, changelogs, timeout);
        if (partly.isPresent()) {
          return partly;
        }
        return ChangelogRetention.problem(admin, group, config.dedupeWindow(), changelogs, timeout);
      }
      String leadsChangelog = LeadTopology.changelogTopics(group).get(0);
      // members at work commit their offsets themselves (at least once: after up to a second);
      // a first start that crashed in its first transaction leaves only aborted records: no state
      if (existing.contains(leadsChangelog)
          && !hasMembers(admin, group, timeout)
          && holdsCommittedRecords(admin, config, leadsChangelog, timeout)) {
        return Optional.of(lostOffsets(leadsChangelog, group, input));
      }
      // replayed from the start, the state is built anew: the changelogs it ran with do not matter
      RememberedChangelogs.forget(RememberedChangelogs.file(config));
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure(1, "interrupted while checking the projection's state topics");
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      LOG.warn(
          "could not check that the projection's state topics exist ({}): starting without the check",
          cause.toString());
      return Optional.empty();
    }
  }

  /** The remembered changelogs that Kafka has under another topic ID now ({@code described}). */
  private static List<String> recreated(Map<String, Uuid> remembered, Map<String, TopicDescription> described) {
    return remembered.entrySet().stream()
        .filter(topic -> described.containsKey(topic.getKey()))
        // a broker older than Kafka 2.8 names no topic ID (zero): nothing to compare
        .filter(topic -> !Uuid.ZERO_UUID.equals(described.get(topic.getKey()).topicId()))
        .filter(topic -> !described.get(topic.getKey()).topicId().equals(topic.getValue()))
        .map(topic -> topic.getKey() + " (topic ID " + topic.getValue() + ", now " + described.get(topic.getKey()).topicId() + ")")
        .toList();
  }

  /**
   * Partitions of {@code lead-events} without a committed offset whose events the state has applied
   * (the applied-offsets changelog names an offset for them): Kafka Streams would replay them from
   * their start onto it. A partition that never had an event has neither.
   */
  private static Optional<String> partlyLostOffsets(
      Admin admin,
      AppConfig config,
      Map<TopicPartition, OffsetAndMetadata> offsets,
      Map<String, TopicDescription> changelogs,
      Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    String input = config.topics().leadEvents();
    List<Integer> withoutOffsets = new ArrayList<>();
    int count = partitionCount(admin, input, timeout);
    for (int partition = 0; partition < count; partition++) {
      if (offsets.get(new TopicPartition(input, partition)) == null) {
        withoutOffsets.add(partition);
      }
    }
    if (withoutOffsets.isEmpty()) {
      return Optional.empty();
    }
    String changelog = LeadTopology.changelogTopic(config.applicationId(), Names.APPLIED_OFFSETS_STORE);
    int changelogPartitions = changelogs.get(changelog).partitions().size();
    Map<Integer, Long> applied =
        lastAppliedOffsets(
            config, changelog, withoutOffsets.stream().filter(p -> p < changelogPartitions).toList(), timeout);
    if (applied.isEmpty() || hasMembers(admin, config.applicationId(), timeout)) {
      return Optional.empty();
    }
    return Optional.of(
        "group "
            + config.applicationId()
            + " has no committed offsets on "
            + input
            + " partitions "
            + applied.keySet()
            + ", but the state has applied their events up to offsets "
            + applied
            + " (the group's offsets of those partitions were deleted or reset): started so, Kafka Streams"
            + " would replay them from their start onto that state, and events older than the"
            + " de-duplication window would be applied a second time. Set those partitions' offsets"
            + " to the applied offset + 1 (ops/runbook.md, \"Group offsets lost\"), or reprocess from"
            + " scratch (ops/runbook.md#reprocess-from-scratch)");
  }

  private static int partitionCount(Admin admin, String topic, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    return admin
        .describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
        .allTopicNames()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .get(topic)
        .partitions()
        .size();
  }

  /** The last committed applied offset each of {@code partitions} of {@code changelog} holds. */
  private static Map<Integer, Long> lastAppliedOffsets(
      AppConfig config, String changelog, List<Integer> partitions, Duration timeout) throws TimeoutException {
    Map<Integer, Long> applied = new TreeMap<>();
    if (partitions.isEmpty()) {
      return applied;
    }
    byte[] key = LeadTopology.APPLIED_OFFSET_KEY.getBytes(StandardCharsets.UTF_8);
    CommittedRecords.readToEnd(
        config,
        partitions.stream().map(p -> new TopicPartition(changelog, p)).toList(),
        timeout,
        record -> {
          if (Arrays.equals(record.key(), key) && record.value() != null && record.value().length == Long.BYTES) {
            applied.put(record.partition(), ByteBuffer.wrap(record.value()).getLong());
          }
          return true;
        });
    return applied;
  }

  private static boolean hasMembers(Admin admin, String group, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return !admin
          .describeConsumerGroups(
              List.of(group), new DescribeConsumerGroupsOptions().timeoutMs((int) timeout.toMillis()))
          .describedGroups()
          .get(group)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .members()
          .isEmpty();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return false;
      }
      throw e;
    }
  }

  /** Whether {@code topic} holds a record of a committed transaction (or of none). */
  private static boolean holdsCommittedRecords(
      Admin admin, AppConfig config, String topic, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<TopicPartition> partitions = new ArrayList<>();
    int count = partitionCount(admin, topic, timeout);
    for (int partition = 0; partition < count; partition++) {
      partitions.add(new TopicPartition(topic, partition));
    }
    // stopped by the first record
    return !CommittedRecords.readToEnd(config, partitions, timeout, record -> false);
  }

  private static String missingChangelogs(List<String> missing, String group, String input, long read) {
    return "the projection's state topics "
        + String.join(", ", missing)
        + " are missing, but group "
        + group
        + " has read "
        + input
        + " (committed offsets "
        + read
        + " in all): started so, Kafka Streams would create them empty and the API would answer"
        + " with leads missing. Every event is still in "
        + input
        + ": reprocess from scratch (ops/runbook.md#reprocess-from-scratch: a new"
        + " --application-id, or the reset tool, which also resets the group's offsets)";
  }

  private static String recreatedChangelogs(List<String> recreated, java.nio.file.Path memory, String input) {
    return "the projection's state topics "
        + String.join(", ", recreated)
        + " were deleted and created again since this state directory last ran: they hold none of"
        + " the state they held, and Kafka Streams would restore the stores from them and answer"
        + " with leads missing. Every event is still in "
        + input
        + ": reprocess from scratch (ops/runbook.md#reprocess-from-scratch). The IDs are remembered in "
        + memory
        + " (a state directory copied from another cluster does not belong to this one: delete it)";
  }

  private static String lostOffsets(String leadsChangelog, String group, String input) {
    return "group "
        + group
        + " has no committed offsets on "
        + input
        + ", but its state topic "
        + leadsChangelog
        + " holds committed records: the group's offsets were deleted or expired (a group empty for longer than"
        + " the brokers' offsets.retention.minutes, 7 days by default). Started so, Kafka Streams"
        + " would replay "
        + input
        + " from its start onto that state, and events older than the de-duplication window would"
        + " be applied a second time (leads left with older values). Reprocess from scratch"
        + " (ops/runbook.md#reprocess-from-scratch), or set the group's offsets back to where the"
        + " state is (ops/runbook.md, \"Group offsets lost\")";
  }
}
