package ai.buena.leads.runtime;

import ai.buena.leads.projection.InputPartitioning;
import ai.buena.leads.projection.LeadTopology;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to join a Kafka Streams group whose members use the other input partitioning. The two
 * topologies differ in a source: with {@code any} each stores task also reads the by-lead topic.
 * Kafka Streams plans tasks with its group leader's topology, so in a mixed group a {@code checked}
 * member handed a by-lead partition cannot run the task, and under a {@code checked} leader the
 * by-lead partitions are read by nobody: events an {@code any} member moves there wait unapplied,
 * or are never applied if the group goes back to {@code checked}. A rolling update that changes
 * {@code INPUT_PARTITIONING} makes exactly such a group.
 *
 * <p>What runs is read from the members' assignments: in a group running {@code any} every member
 * with a {@code lead-events} partition also holds the by-lead partition of the same number. Only a
 * stable group is judged (during a rebalance assignments are empty or moving; the check waits a
 * while for it to settle). This instance's own static member, left from a previous run with the
 * other setting, counts like any other: rejoining under the same name, it may be handed its old
 * assignment without a rebalance.
 */
final class GroupPartitioningCheck {
  /** How long a start waits for a rebalancing group to settle before going on unchecked. */
  static final Duration SETTLE = Duration.ofSeconds(10);

  private static final Duration RETRY = Duration.ofMillis(250);
  private static final Logger LOG = LoggerFactory.getLogger(GroupPartitioningCheck.class);

  private GroupPartitioningCheck() {}

  /**
   * @throws CommandFailure (exit 2) when the group's members run the other partitioning; (exit
   *     1) when a stop was requested first
   */
  static void require(
      Admin admin, AppConfig config, Duration timeout, BooleanSupplier stopRequested) {
    String group = config.applicationId();
    long settleBy = System.nanoTime() + SETTLE.toNanos();
    while (true) {
      Optional<ConsumerGroupDescription> described = describe(admin, group, timeout, stopRequested);
      if (described.isEmpty() || settled(described.get().groupState())) {
        Optional<String> refusal = described.flatMap(description -> refusal(description, config));
        if (refusal.isPresent()) {
          throw new CommandFailure(2, refusal.get());
        }
        return;
      }
      if (System.nanoTime() - settleBy > 0) {
        unchecked(
            group, "it did not settle within " + SETTLE + " (" + described.get().groupState() + ")");
        return;
      }
      StoppableWait.pause(
          RETRY, stopRequested, "stopped while waiting for group " + group + " to settle");
    }
  }

  /**
   * Why this instance may not join {@code group}: the members of a stable group run the other
   * partitioning; empty when they do not, or when that cannot be told.
   */
  static Optional<String> refusal(ConsumerGroupDescription group, AppConfig config) {
    if (group.groupState() != GroupState.STABLE) {
      return Optional.empty();
    }
    Collection<MemberDescription> members = group.members();
    Optional<InputPartitioning> running =
        running(
            members.stream().map(member -> topics(member.assignment().topicPartitions())).toList(),
            config.topics().leadEvents(),
            LeadTopology.byLeadTopic(config.applicationId()));
    if (running.isEmpty() || running.get() == config.inputPartitioning()) {
      return Optional.empty();
    }
    return Optional.of(mismatch(config, running.get(), members));
  }

  /**
   * The partitioning the members run, judged from the topics each holds partitions of; empty when
   * no member holds a {@code lead-events} partition (nothing runs the projection yet).
   */
  static Optional<InputPartitioning> running(
      Collection<Set<String>> topicsOfEachMember, String leadEvents, String byLead) {
    if (topicsOfEachMember.stream().anyMatch(topics -> topics.contains(byLead))) {
      return Optional.of(InputPartitioning.ANY);
    }
    if (topicsOfEachMember.stream().anyMatch(topics -> topics.contains(leadEvents))) {
      return Optional.of(InputPartitioning.CHECKED);
    }
    return Optional.empty();
  }

  /** Stable, or with no member to judge (empty, dead): nothing to wait for. */
  private static boolean settled(GroupState state) {
    return state == GroupState.STABLE || state == GroupState.EMPTY || state == GroupState.DEAD;
  }

  private static Optional<ConsumerGroupDescription> describe(
      Admin admin, String group, Duration timeout, BooleanSupplier stopRequested) {
    KafkaFuture<ConsumerGroupDescription> described =
        admin
            .describeConsumerGroups(
                List.of(group),
                new DescribeConsumerGroupsOptions().timeoutMs((int) timeout.toMillis()))
            .describedGroups()
            .get(group);
    long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
    try {
      Optional<ConsumerGroupDescription> answer =
          StoppableWait.get(
              described, deadline, stopRequested, "stopped while describing group " + group);
      if (answer.isEmpty()) {
        unchecked(group, "no answer within " + timeout);
      }
      return answer;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Optional.empty();
      }
      // Kafka Streams needs Read on the group, which grants Describe: its own refusal will follow
      unchecked(group, e.getCause().toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure(1, "interrupted while describing group " + group);
    }
  }

  private static void unchecked(String group, String reason) {
    LOG.warn(
        "starting without comparing this instance's input partitioning with group {}'s: {}",
        group,
        reason);
  }

  private static String mismatch(
      AppConfig config, InputPartitioning running, Collection<MemberDescription> members) {
    return "group "
        + config.applicationId()
        + " runs with --input-partitioning "
        + running.wire()
        + " (members "
        + members.stream()
            .map(GroupPartitioningCheck::memberName)
            .collect(Collectors.toCollection(TreeSet::new))
        + "), this instance with "
        + config.inputPartitioning().wire()
        + ": one group cannot mix them. Start this instance with INPUT_PARTITIONING="
        + running.wire()
        + ", or stop every instance and start them all with "
        + config.inputPartitioning().wire()
        + " (a static member stopped without LEAVE_GROUP_ON_STOP=true, this instance's previous run"
        + " too, stays in the group for its --session-timeout; see ops/runbook.md#replace-a-node)";
  }

  private static String memberName(MemberDescription member) {
    return member.groupInstanceId().orElse(member.clientId());
  }

  private static Set<String> topics(Set<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::topic).collect(Collectors.toSet());
  }
}
