package ai.buena.leads.runtime.topics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * The partitions of some topics that have no leader yet: a topic is described by the controller
 * before each of its partitions has a leader, and a producer writing to one of those gets {@code
 * NOT_LEADER_OR_FOLLOWER} until it has.
 */
final class LeaderlessPartitions {
  private LeaderlessPartitions() {}

  /** {@code topic-partition} for each partition of {@code topics} without a leader, in order. */
  static List<String> in(Map<String, TopicDescription> descriptions, Collection<String> topics) {
    return topics.stream()
        .map(descriptions::get)
        .filter(Objects::nonNull)
        .flatMap(
            description ->
                description.partitions().stream()
                    .filter(partition -> partition.leader() == null || partition.leader().isEmpty())
                    .map(partition -> description.name() + "-" + partition.partition()))
        .toList();
  }
}
