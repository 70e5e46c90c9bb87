package ai.buena.leads.runtime;

import ai.buena.leads.projection.LeadTopology;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start a projection whose changelog topics are gone while its group has processed
 * events. Kafka Streams would create them empty, wipe every store whose checkpoint lies beyond
 * them, restore nothing, and go on from the group's committed offsets: the API would answer, ready,
 * with leads missing for good (seen: 97,786 of 294,068 leads after deleting the leads changelog of
 * a stopped instance). Deleting the group's offsets too (the reset tool, or a new application id)
 * replays {@code lead-events} instead, which is the way back. Best effort: when the offsets or the
 * topics cannot be read, the start goes on with a WARN line.
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
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(group, new ListConsumerGroupOffsetsOptions().timeoutMs((int) timeout.toMillis()))
              .partitionsToOffsetAndMetadata()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      long processed =
          offsets.entrySet().stream()
              .filter(entry -> entry.getKey().topic().equals(input) && entry.getValue() != null)
              .mapToLong(entry -> entry.getValue().offset())
              .sum();
      if (processed == 0) {
        return Optional.empty();
      }
      Set<String> existing =
          admin
              .listTopics(new ListTopicsOptions().timeoutMs((int) timeout.toMillis()))
              .names()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<String> missing =
          LeadTopology.changelogTopics(group).stream().filter(topic -> !existing.contains(topic)).toList();
      if (missing.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          "the projection's state topics "
              + String.join(", ", missing)
              + " are missing, but group "
              + group
              + " has read "
              + input
              + " (committed offsets "
              + processed
              + " in all): started so, Kafka Streams would create them empty and the API would answer"
              + " with leads missing. Every event is still in "
              + input
              + ": reprocess from scratch (ops/runbook.md#reprocess-from-scratch: a new"
              + " --application-id, or the reset tool, which also resets the group's offsets)");
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
}
