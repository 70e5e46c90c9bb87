package ai.buena.leads.runtime;

import ai.buena.leads.projection.LeadTopology;
import ai.buena.leads.projection.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Whether the projection's changelogs keep what a restore needs. Kafka Streams creates them right
 * (the stores' changelogs compacted, {@code event-ids} kept for the de-duplication window and a
 * day) but never checks them again: a changelog that a platform's tooling set to delete by age, or
 * the {@code event-ids} changelog of a de-duplication window made longer since it was created,
 * loses records, and a store restored from it (a new instance, a task wiped by a crash) comes back
 * with leads or remembered event ids missing, while the instances that hold it go on answering.
 * A store changelog whose first offset is past 0 has already lost records (retention or {@code
 * deleteRecords}; compaction keeps offsets).
 */
final class ChangelogRetention {
  static final String CLEANUP_POLICY = "cleanup.policy";
  static final String RETENTION_MS = "retention.ms";
  static final String RETENTION_BYTES = "retention.bytes";

  private ChangelogRetention() {}

  /** As {@link #problem(Admin, String, Duration, Map, Duration)}, describing the changelogs first. */
  static Optional<String> problem(Admin admin, String applicationId, Duration dedupeWindow, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<String, TopicDescription> described =
        admin
            .describeTopics(
                LeadTopology.changelogTopics(applicationId),
                new DescribeTopicsOptions().timeoutMs((int) timeout.toMillis()))
            .allTopicNames()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return problem(admin, applicationId, dedupeWindow, described, timeout);
  }

  /**
   * What is wrong with the changelogs of {@code applicationId} (all existing, as {@code described}),
   * if anything.
   */
  static Optional<String> problem(
      Admin admin,
      String applicationId,
      Duration dedupeWindow,
      Map<String, TopicDescription> described,
      Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<String> changelogs = LeadTopology.changelogTopics(applicationId);
    String eventIds = LeadTopology.changelogTopic(applicationId, Names.EVENT_IDS_STORE);
    Map<ConfigResource, Config> configs =
        admin
            .describeConfigs(
                changelogs.stream().map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic)).toList(),
                new DescribeConfigsOptions().timeoutMs((int) timeout.toMillis()))
            .all()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    List<String> problems = new ArrayList<>();
    for (String topic : changelogs) {
      Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
      String policy = value(config, CLEANUP_POLICY, "delete");
      long retentionMs = Long.parseLong(value(config, RETENTION_MS, "604800000"));
      long retentionBytes = Long.parseLong(value(config, RETENTION_BYTES, "-1"));
      if (!policy.contains("delete")) {
        continue;
      }
      if (topic.equals(eventIds)) {
        if ((retentionMs >= 0 && retentionMs < dedupeWindow.toMillis()) || retentionBytes >= 0) {
          problems.add(
              topic
                  + " keeps records for "
                  + settings(retentionMs, retentionBytes)
                  + ", less than the de-duplication window of "
                  + dedupeWindow.toMillis()
                  + " ms: set retention.ms="
                  + dedupeWindow.plusDays(1).toMillis()
                  + " and retention.bytes=-1 on it");
        }
      } else if (retentionMs >= 0 || retentionBytes >= 0) {
        problems.add(
            topic
                + " has cleanup.policy="
                + policy
                + " with "
                + settings(retentionMs, retentionBytes)
                + ": Kafka deletes its records by age or size; set cleanup.policy=compact on it");
      }
    }
    List<String> lost = new ArrayList<>(changelogs);
    lost.remove(eventIds);
    lost = recordsDeleted(admin, lost, described, timeout);
    if (!lost.isEmpty()) {
      return Optional.of(
          "the projection's state topics have lost records: "
              + String.join("; ", lost)
              + " (deleted by retention or deleteRecords: compaction keeps offsets). A store restored"
              + " from them (a new instance, a task wiped by a crash) would come back with leads missing."
              + (problems.isEmpty() ? "" : " Also: " + String.join("; ", problems) + ".")
              + " Every event is still in lead-events: reprocess from scratch"
              + " (ops/runbook.md#reprocess-from-scratch)");
    }
    if (!problems.isEmpty()) {
      return Optional.of(
          "the projection's state topics would lose records a restore needs: "
              + String.join("; ", problems)
              + " (kafka-configs.sh --alter --entity-type topics --entity-name <topic> --add-config …;"
              + " ops/runbook.md, \"Changelog retention\")");
    }
    return Optional.empty();
  }

  /** The partitions of {@code topics} whose first offset is past 0, as "topic-p starts at n". */
  private static List<String> recordsDeleted(
      Admin admin, List<String> topics, Map<String, TopicDescription> described, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    for (String topic : topics) {
      described
          .get(topic)
          .partitions()
          .forEach(p -> earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest()));
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
        admin
            .listOffsets(earliest, new ListOffsetsOptions().timeoutMs((int) timeout.toMillis()))
            .all()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return starts.entrySet().stream()
        .filter(start -> start.getValue().offset() > 0)
        .map(start -> start.getKey() + " starts at offset " + start.getValue().offset())
        .sorted()
        .toList();
  }

  private static String value(Config config, String name, String fallback) {
    ConfigEntry entry = config == null ? null : config.get(name);
    return entry == null || entry.value() == null ? fallback : entry.value();
  }

  private static String settings(long retentionMs, long retentionBytes) {
    return RETENTION_MS + "=" + retentionMs + (retentionBytes >= 0 ? ", " + RETENTION_BYTES + "=" + retentionBytes : "");
  }
}
