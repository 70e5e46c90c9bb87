package ai.buena.leads.runtime;

import ai.buena.leads.projection.InputPartitioning;
import ai.buena.leads.projection.LeadTopology;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to join a Kafka Streams group whose running members use the other input partitioning.
 * The two topologies differ in a source: with {@code any} each stores task also reads the by-lead
 * topic. Kafka Streams plans tasks with its group leader's topology, so in a mixed group a {@code
 * checked} member handed a by-lead partition cannot run the task, and under a {@code checked} leader
 * the by-lead partitions are read by nobody: events an {@code any} member moves there wait unapplied,
 * or are never applied if the group goes back to {@code checked}. A rolling update that changes
 * {@code INPUT_PARTITIONING} makes exactly such a group.
 *
 * <p>What runs is read from the members' assignments: in a group running {@code any} every member
 * with a {@code lead-events} partition also holds the by-lead partition of the same number. Only a
 * stable group is judged (during a rebalance assignments are empty or moving), and this instance's
 * own static member, left from its previous run, is not counted.
 */
final class GroupPartitioningCheck {
  private static final Logger LOG = LoggerFactory.getLogger(GroupPartitioningCheck.class);

  private GroupPartitioningCheck() {}

  /**
   * @throws CommandFailure (exit 2) when the group's other members run the other partitioning
   */
  static void require(Admin admin, AppConfig config, Duration timeout) {
    String group = config.applicationId();
    Optional<ConsumerGroupDescription> described = describe(admin, group, timeout);
    if (described.isEmpty() || described.get().groupState() != GroupState.STABLE) {
      return;
    }
    Map<String, Set<String>> topicsByMember =
        described.get().members().stream()
            .filter(member -> !isOwnStaticMember(member, config.lifecycle().instanceName()))
            .collect(
                Collectors.toMap(
                    GroupPartitioningCheck::memberName,
                    member -> topics(member.assignment().topicPartitions()),
                    GroupPartitioningCheck::union));
    Optional<InputPartitioning> running =
        running(topicsByMember.values(), config.topics().leadEvents(), LeadTopology.byLeadTopic(group));
    if (running.isPresent() && running.get() != config.inputPartitioning()) {
      throw new CommandFailure(2, mismatch(config, running.get(), topicsByMember.keySet()));
    }
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

  /**
   * Kafka Streams names each stream thread's static member {@code <group.instance.id>-<thread
   * number>}.
   */
  static boolean isOwnStaticMember(MemberDescription member, Optional<String> instanceName) {
    if (instanceName.isEmpty() || member.groupInstanceId().isEmpty()) {
      return false;
    }
    String memberName = member.groupInstanceId().get();
    String own = instanceName.get() + "-";
    return memberName.startsWith(own) && memberName.substring(own.length()).matches("[0-9]+");
  }

  private static Optional<ConsumerGroupDescription> describe(Admin admin, String group, Duration timeout) {
    try {
      return Optional.of(
          admin
              .describeConsumerGroups(
                  List.of(group), new DescribeConsumerGroupsOptions().timeoutMs((int) timeout.toMillis()))
              .describedGroups()
              .get(group)
              .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Optional.empty();
      }
      if (e.getCause() instanceof GroupAuthorizationException) {
        // Kafka Streams itself needs Read on the group, which implies Describe: it will say so
        LOG.warn("could not compare this instance's input partitioning with group {}'s: {}", group, e.getCause().getMessage());
        return Optional.empty();
      }
      LOG.warn("could not compare this instance's input partitioning with group {}'s: {}", group, e.getCause().toString());
      return Optional.empty();
    } catch (TimeoutException e) {
      LOG.warn("could not compare this instance's input partitioning with group {}'s: no answer within {}", group, timeout);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandFailure(1, "interrupted while describing group " + group);
    }
  }

  private static String mismatch(AppConfig config, InputPartitioning running, Set<String> members) {
    return "group "
        + config.applicationId()
        + " runs with --input-partitioning "
        + running.wire()
        + " (members "
        + String.join(", ", new TreeSet<>(members))
        + "), this instance with "
        + config.inputPartitioning().wire()
        + ": one group cannot mix them. Start this instance with INPUT_PARTITIONING="
        + running.wire()
        + ", or stop every instance and start them all with "
        + config.inputPartitioning().wire()
        + " (a stopped static member leaves the group after --session-timeout, "
        + config.lifecycle().sessionTimeout().toSeconds()
        + " s here; see ops/runbook.md#replace-a-node)";
  }

  private static String memberName(MemberDescription member) {
    return member.groupInstanceId().orElse(member.clientId() + "@" + member.host());
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> both = new TreeSet<>(a);
    both.addAll(b);
    return both;
  }

  private static Set<String> topics(Set<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::topic).collect(Collectors.toSet());
  }
}
