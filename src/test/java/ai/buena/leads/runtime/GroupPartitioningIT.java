package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.projection.InputPartitioning;
import ai.buena.leads.projection.LeadTopology;
import ai.buena.leads.projection.Names;
import ai.buena.leads.testing.JarCommand;
import ai.buena.leads.testing.RunningApp;
import ai.buena.leads.testing.ServiceProcess;
import ai.buena.leads.testing.SharedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} refuses to join a group running the other {@code --input-partitioning} (a rolling
 * update that changes it), on the shared broker.
 */
class GroupPartitioningIT {
  private static final String SECRET = "group-partitioning-secret-0123456789";

  @TempDir Path dir;

  @Test
  void shouldRefuseToServeWithAnyBesideAGroupRunningChecked() throws Exception {
    String appId = "it-mixed-" + UUID.randomUUID();
    try (RunningApp running = RunningApp.start(config(appId, InputPartitioning.CHECKED, Lifecycle.DYNAMIC))) {
      awaitRunning(appId, InputPartitioning.CHECKED);

      JarCommand.Result run = serve(appId, "any");

      assertThat(run.exit()).as(run.err()).isEqualTo(2);
      assertThat(run.errLines())
          .filteredOn(line -> line.startsWith("serve:"))
          .singleElement()
          .asString()
          .startsWith("serve: group " + appId + " runs with --input-partitioning checked")
          .contains("this instance with any");
      assertThat(membersHolding(appId, Names.LEAD_EVENTS)).isNotEmpty();
    }
  }

  @Test
  void shouldRefuseToServeWithCheckedBesideAGroupRunningAny() throws Exception {
    String appId = "it-mixed-" + UUID.randomUUID();
    try (RunningApp running = RunningApp.start(config(appId, InputPartitioning.ANY, Lifecycle.DYNAMIC))) {
      awaitRunning(appId, InputPartitioning.ANY);

      JarCommand.Result run = serve(appId, "checked");

      assertThat(run.exit()).as(run.err()).isEqualTo(2);
      assertThat(run.errLines())
          .filteredOn(line -> line.startsWith("serve:"))
          .singleElement()
          .asString()
          .startsWith("serve: group " + appId + " runs with --input-partitioning any")
          .contains("this instance with checked");
    }
  }

  @Test
  void shouldServeWithTheOtherPartitioningWhenTheGroupsOnlyMemberIsThisInstancesPreviousRun()
      throws Exception {
    String appId = "it-mixed-" + UUID.randomUUID();
    Lifecycle staticMember = new Lifecycle(Optional.of("switching"), Duration.ofMinutes(2), false, Duration.ZERO);
    try (RunningApp previous = RunningApp.start(config(appId, InputPartitioning.CHECKED, staticMember))) {
      awaitRunning(appId, InputPartitioning.CHECKED);
    }
    // closed without leaving: its static member keeps its partitions until the session timeout
    assertThat(describe(appId).members())
        .extracting(member -> member.groupInstanceId().orElse(""))
        .containsExactly("switching-1")
        .isNotEmpty();

    int port = ServiceProcess.freePort();
    List<String> args = new ArrayList<>(serveArgs(appId, port, "any"));
    args.addAll(List.of("--instance-name", "switching", "--session-timeout", "PT2M"));
    try (ServiceProcess next = ServiceProcess.serve("switching", port, args, dir.resolve("logs")).start()) {
      awaitRunning(appId, InputPartitioning.ANY);
      assertThat(next.isAlive()).isTrue();
    }
  }

  private AppConfig config(String appId, InputPartitioning partitioning, Lifecycle lifecycle) {
    return RunningApp.config(appId, dir.resolve("running"), "exactly_once_v2")
        .withInputPartitioning(partitioning)
        .withLifecycle(lifecycle);
  }

  private JarCommand.Result serve(String appId, String partitioning) {
    int port = ServiceProcess.freePort();
    List<String> args = new ArrayList<>(List.of("serve", "--port", String.valueOf(port)));
    args.addAll(serveArgs(appId, port, partitioning));
    return JarCommand.run(Duration.ofSeconds(90), "", args);
  }

  /** The options of {@code serve} but its port, as {@link ServiceProcess} takes them. */
  private List<String> serveArgs(String appId, int port, String partitioning) {
    return List.of(
            "--bootstrap-servers", SharedKafka.bootstrapServers(),
            "--data-dir", dir.resolve("serve-" + port).toString(),
            "--application-id", appId,
            "--advertised-url", "http://localhost:" + port,
            "--cluster-secret", SECRET,
            "--input-partitioning", partitioning,
            "--cap-replication");
  }

  /** Until the group is stable with its lead-events partitions held as {@code partitioning} does. */
  private static void awaitRunning(String appId, InputPartitioning partitioning) {
    await()
        .atMost(SharedKafka.DEADLINE)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              ConsumerGroupDescription group = describe(appId);
              boolean byLeadHeld = !membersHolding(appId, LeadTopology.byLeadTopic(appId)).isEmpty();
              return group.groupState() == GroupState.STABLE
                  && !membersHolding(appId, Names.LEAD_EVENTS).isEmpty()
                  && byLeadHeld == (partitioning == InputPartitioning.ANY);
            });
  }

  private static Set<String> membersHolding(String appId, String topic) throws Exception {
    return describe(appId).members().stream()
        .filter(
            member ->
                member.assignment().topicPartitions().stream()
                    .map(TopicPartition::topic)
                    .anyMatch(topic::equals))
        .map(MemberDescription::consumerId)
        .collect(Collectors.toSet());
  }

  private static ConsumerGroupDescription describe(String appId) throws Exception {
    return SharedKafka.admin()
        .describeConsumerGroups(List.of(appId))
        .describedGroups()
        .get(appId)
        .get(SharedKafka.DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }
}
