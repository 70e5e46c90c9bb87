package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.streams.processor.internals.StreamThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a failed stream thread's static member out of the group, so that its partitions move to
 * the thread replacing it at once. Kafka Streams closes a failed thread's consumer without leaving
 * the group, and the replacement joins under another {@code group.instance.id} (its thread index
 * differs while the failed thread still counts): the group would wait for the failed member's
 * session timeout ({@code --session-timeout}, 30 s by default) before moving anything, and its
 * partitions answer 503 (or from a standby copy) meanwhile. A dynamic member cannot be removed
 * this way; its partitions move after its session timeout (10 s).
 */
final class FailedThreadMembers {
  private static final Logger LOG = LoggerFactory.getLogger(FailedThreadMembers.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final Function<Map<String, Object>, Admin> admins;
  private final String groupId;

  FailedThreadMembers(KafkaClientConfig kafka, String groupId) {
    this(settings -> Admin.create(kafka.properties(settings, Map.of())), groupId);
  }

  FailedThreadMembers(Function<Map<String, Object>, Admin> admins, String groupId) {
    this.admins = admins;
    this.groupId = groupId;
  }

  /** Called on the failed thread: removes its static member, if it is a stream thread that has one. */
  void removeMemberOf(Thread failed) {
    if (failed instanceof StreamThread thread) {
      thread.groupInstanceID().ifPresent(this::remove);
    }
  }

  void remove(String groupInstanceId) {
    int millis = (int) TIMEOUT.toMillis();
    Admin admin =
        admins.apply(
            Map.<String, Object>of(
                AdminClientConfig.CLIENT_ID_CONFIG, "lead-projection-failed-thread",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis));
    try {
      admin
          .removeMembersFromConsumerGroup(
              groupId,
              new RemoveMembersFromConsumerGroupOptions(List.of(new MemberToRemove(groupInstanceId))))
          .all()
          .get(millis, TimeUnit.MILLISECONDS);
      LOG.info(
          "removed the failed stream thread's member {} from group {}: its partitions move now",
          groupInstanceId,
          groupId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn(
          "could not remove the failed stream thread's member {} from group {} ({}): its partitions"
              + " move after the session timeout",
          groupInstanceId,
          groupId,
          Optional.ofNullable(e.getCause()).orElse(e).toString());
    } finally {
      // the failed thread waits for this: nothing left to wait for once answered or given up
      admin.close(Duration.ZERO);
    }
  }
}
