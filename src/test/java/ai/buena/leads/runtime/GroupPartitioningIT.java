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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} refuses to join a group running the other {@code --input-partitioning} (a rolling
 * update that changes it), on the shared broker.
 */
class GroupPartitioningIT {
  private static final String SECRET = "group-partitioning-secret-0123456789";
  private static final Duration STOPPED = Duration.ofMinutes(2);

  @TempDir Path dir;
  private final List<ServiceProcess> services = new ArrayList<>();

  @AfterEach
  void stopServices() {
    services.forEach(ServiceProcess::close);
  }

  @Test
  void shouldRefuseToServeWithAnyBesideAGroupRunningChecked() throws Exception {
    assertRefusedBeside(InputPartitioning.CHECKED, InputPartitioning.ANY);
  }

  @Test
  void shouldRefuseToServeWithCheckedBesideAGroupRunningAny() throws Exception {
    assertRefusedBeside(InputPartitioning.ANY, InputPartitioning.CHECKED);
  }

  /** A restart on its data directory checks the group on a thread of its own, beside the start. */
  @Test
  void shouldStopARollingUpdateThatChangesThePartitioningAtItsFirstRestartedInstance() throws Exception {
    String appId = "it-mixed-" + UUID.randomUUID();
    ServiceProcess first = start("first", appId, "checked");
    ServiceProcess second = start("second", appId, "checked");
    awaitMembers(appId, 2);
    second.terminate();

    ServiceProcess updated = start("second", appId, "any", second.port());

    assertThat(exitWithin(updated, STOPPED)).isEqualTo(2);
    assertThat(Files.readString(updated.log()))
        .contains("serve: group " + appId + " runs with --input-partitioning checked (members [first-1, first-2, second-1, second-2])");
    assertThat(first.isAlive()).isTrue();
  }

  /** The runbook's switch: every instance stopped with LEAVE_GROUP_ON_STOP, then started anew. */
  @Test
  void shouldServeWithTheOtherPartitioningOnceTheGroupsMembersLeftIt() throws Exception {
    String appId = "it-mixed-" + UUID.randomUUID();
    ServiceProcess previous = start("switching", appId, "checked", "--leave-group-on-stop");
    awaitRunning(appId, InputPartitioning.CHECKED);
    previous.terminate();
    await().atMost(SharedKafka.DEADLINE).until(() -> describe(appId).members().isEmpty());

    ServiceProcess next = start("switching", appId, "any", previous.port());

    awaitRunning(appId, InputPartitioning.ANY);
    assertThat(next.isAlive()).isTrue();
  }

  /** A first start of {@code serve} with {@code joining} beside a group running {@code running}. */
  private void assertRefusedBeside(InputPartitioning running, InputPartitioning joining) {
    String appId = "it-mixed-" + UUID.randomUUID();
    try (RunningApp group = RunningApp.start(config(appId, running))) {
      awaitRunning(appId, running);

      JarCommand.Result run = serveOnce(appId, joining.wire());

      assertThat(run.exit()).as(run.err()).isEqualTo(2);
      assertThat(run.errLines())
          .filteredOn(line -> line.startsWith("serve:"))
          .singleElement()
          .asString()
          .startsWith("serve: group " + appId + " runs with --input-partitioning " + running.wire())
          .contains("this instance with " + joining.wire());
    }
  }

  private AppConfig config(String appId, InputPartitioning partitioning) {
    return RunningApp.config(appId, dir.resolve("running"), "exactly_once_v2")
        .withInputPartitioning(partitioning);
  }

  private JarCommand.Result serveOnce(String appId, String partitioning) {
    int port = ServiceProcess.freePort();
    List<String> args = new ArrayList<>(List.of("serve", "--port", String.valueOf(port)));
    args.addAll(serveArgs(appId, "once-" + port, port, partitioning));
    return JarCommand.run(Duration.ofSeconds(90), "", args);
  }

  private ServiceProcess start(String name, String appId, String partitioning, String... more) {
    return start(name, appId, partitioning, ServiceProcess.freePort(), more);
  }

  /** {@code serve} as the static member {@code name} on its own data directory (kept across starts). */
  private ServiceProcess start(
      String name, String appId, String partitioning, int port, String... more) {
    List<String> args = new ArrayList<>(serveArgs(appId, name, port, partitioning));
    args.addAll(List.of("--instance-name", name));
    args.addAll(List.of(more));
    ServiceProcess service =
        ServiceProcess.serve(name + "-" + partitioning, port, args, dir.resolve("logs")).start();
    services.add(service);
    return service;
  }

  /** The options of {@code serve} but its port, as {@link ServiceProcess} takes them. */
  private List<String> serveArgs(String appId, String dataDir, int port, String partitioning) {
    return List.of(
        "--bootstrap-servers", SharedKafka.bootstrapServers(),
        "--data-dir", dir.resolve(dataDir).toString(),
        "--application-id", appId,
        "--advertised-url", "http://localhost:" + port,
        "--cluster-secret", SECRET,
        "--input-partitioning", partitioning,
        "--cap-replication");
  }

  /** Until the group is stable with its lead-events partitions held as {@code partitioning} does. */
  private void awaitRunning(String appId, InputPartitioning partitioning) {
    awaitStable(
        appId,
        group ->
            holds(group, Names.LEAD_EVENTS)
                && holds(group, LeadTopology.byLeadTopic(appId)) == (partitioning == InputPartitioning.ANY));
  }

  /**
   * Until the group has stayed stable for a while with {@code instances} instances' members holding
   * partitions: an instance stopped in the middle of a follow-up rebalance leaves the group waiting
   * for it past the check's settling time, which start-up documents as not covered.
   */
  private void awaitMembers(String appId, int instances) {
    awaitStable(
        appId,
        Duration.ofSeconds(3),
        group ->
            group.members().stream()
                    .filter(member -> !member.assignment().topicPartitions().isEmpty())
                    .map(member -> member.groupInstanceId().orElseThrow().replaceAll("-[0-9]+$", ""))
                    .distinct()
                    .count()
                == instances);
  }

  private void awaitStable(String appId, Predicate<ConsumerGroupDescription> condition) {
    awaitStable(appId, Duration.ZERO, condition);
  }

  private void awaitStable(
      String appId, Duration held, Predicate<ConsumerGroupDescription> condition) {
    try {
      awaitStableOrTimeOut(appId, held, condition);
    } catch (ConditionTimeoutException e) {
      // say what the group and the instances were doing: their logs go with the test's directory
      StringBuilder state = new StringBuilder("group " + appId + " never held the condition: ");
      try {
        state.append(describe(appId));
      } catch (Exception unreadable) {
        state.append("(not described: ").append(unreadable).append(')');
      }
      for (ServiceProcess service : services) {
        try {
          state.append("\n--- ").append(service.name()).append(" log ends:\n").append(tail(service.log()));
        } catch (Exception unreadable) {
          state.append("\n--- ").append(service.name()).append(": no log (").append(unreadable).append(')');
        }
      }
      throw new AssertionError(state.toString(), e);
    }
  }

  private static void awaitStableOrTimeOut(
      String appId, Duration held, Predicate<ConsumerGroupDescription> condition) {
    await()
        .during(held)
        .atMost(SharedKafka.DEADLINE.plus(held))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(
            () -> {
              ConsumerGroupDescription group = describe(appId);
              return group.groupState() == GroupState.STABLE && condition.test(group);
            });
  }

  /** The exit value of {@code service}, or a failure that shows its log when it is still running. */
  private static int exitWithin(ServiceProcess service, Duration deadline) throws Exception {
    try {
      return service.awaitExit(deadline);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          service.name() + " still runs after " + deadline + "; its log ends:\n" + tail(service.log()), e);
    }
  }

  private static String tail(Path log) throws Exception {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private static boolean holds(ConsumerGroupDescription group, String topic) {
    return group.members().stream()
        .map(MemberDescription::assignment)
        .flatMap(assignment -> assignment.topicPartitions().stream())
        .map(TopicPartition::topic)
        .anyMatch(topic::equals);
  }

  private static ConsumerGroupDescription describe(String appId) throws Exception {
    return SharedKafka.admin()
        .describeConsumerGroups(List.of(appId))
        .describedGroups()
        .get(appId)
        .get(SharedKafka.DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }
}
