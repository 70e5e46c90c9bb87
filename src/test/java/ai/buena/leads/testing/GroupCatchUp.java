package ai.buena.leads.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until a new application id has consumed a shared topic up to where it ends now: on the
 * shared broker, a new application reads every earlier test's events first, and RUNNING says
 * nothing about that backlog, which a test's first wait for its own event (at most 5 s) may not
 * outlast on a loaded machine.
 */
public final class GroupCatchUp {
  private GroupCatchUp() {}

  /** Returns once group {@code groupId} committed offsets at or past {@code topic}'s end offsets of now. */
  public static void awaitConsumed(String bootstrapServers, String groupId, String topic, Duration atMost) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      TopicDescription description = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic);
      Map<TopicPartition, OffsetSpec> latest =
          description.partitions().stream()
              .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
      await()
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
                return ends.entrySet().stream()
                    .allMatch(
                        end -> {
                          OffsetAndMetadata at = committed.get(end.getKey());
                          return end.getValue().offset() == 0
                              || (at != null && at.offset() >= end.getValue().offset());
                        });
              });
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("could not read " + topic + "'s offsets", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
