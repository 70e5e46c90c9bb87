package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.projection.InputPartitioning;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class GroupPartitioningCheckTest {
  private static final String APP = "app";
  private static final String LEAD_EVENTS = "lead-events";
  private static final String BY_LEAD = "app-lead-events-by-lead-repartition";
  private static final String STATUS_DELTAS = "app-status-deltas-repartition";

  @Test
  void shouldRefuseToJoinAStableGroupWhoseOtherMembersRunTheOtherPartitioning() {
    ConsumerGroupDescription group =
        group(GroupState.STABLE, member("pod-0-1", LEAD_EVENTS, STATUS_DELTAS), member("pod-1-1", LEAD_EVENTS));

    assertThat(GroupPartitioningCheck.refusal(group, config(InputPartitioning.ANY, "pod-2")))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .startsWith("group app runs with --input-partitioning checked (members [pod-0-1, pod-1-1]), this instance with any"));
  }

  @Test
  void shouldLetAnInstanceJoinAGroupRunningItsPartitioning() {
    ConsumerGroupDescription group = group(GroupState.STABLE, member("pod-0-1", LEAD_EVENTS, BY_LEAD));

    assertThat(GroupPartitioningCheck.refusal(group, config(InputPartitioning.ANY, "pod-2"))).isEmpty();
  }

  @Test
  void shouldNotJudgeAGroupThatIsRebalancing() {
    ConsumerGroupDescription group = group(GroupState.PREPARING_REBALANCE, member("pod-0-1", LEAD_EVENTS));

    assertThat(GroupPartitioningCheck.refusal(group, config(InputPartitioning.ANY, "pod-2"))).isEmpty();
  }

  @Test
  void shouldRefuseASwitchWhileThisInstancesPreviousRunIsStillAMemberOfTheGroup() {
    ConsumerGroupDescription group =
        group(GroupState.STABLE, member("pod-2-1", LEAD_EVENTS), member("pod-2-2", LEAD_EVENTS));

    assertThat(GroupPartitioningCheck.refusal(group, config(InputPartitioning.ANY, "pod-2")))
        .hasValueSatisfying(message -> assertThat(message).contains("(members [pod-2-1, pod-2-2])"));
  }

  @Test
  void shouldJudgeAGroupToRunAnyWhenAMemberHoldsAByLeadPartition() {
    assertThat(
            GroupPartitioningCheck.running(
                List.of(Set.of(STATUS_DELTAS), Set.of(LEAD_EVENTS, BY_LEAD)), LEAD_EVENTS, BY_LEAD))
        .contains(InputPartitioning.ANY);
  }

  @Test
  void shouldJudgeAGroupToRunCheckedWhenMembersHoldLeadEventsPartitionsButNoByLeadOne() {
    assertThat(
            GroupPartitioningCheck.running(
                List.of(Set.of(STATUS_DELTAS), Set.of(LEAD_EVENTS, STATUS_DELTAS)), LEAD_EVENTS, BY_LEAD))
        .contains(InputPartitioning.CHECKED);
  }

  @Test
  void shouldJudgeNothingWhenNoMemberHoldsALeadEventsPartition() {
    assertThat(
            GroupPartitioningCheck.running(List.of(Set.of(), Set.of(STATUS_DELTAS)), LEAD_EVENTS, BY_LEAD))
        .isEmpty();
  }




  private static AppConfig config(InputPartitioning partitioning, String instanceName) {
    return new AppConfig(
            "localhost:9092", 8080, Path.of("data"), APP, "http://localhost:8080",
            "group-partitioning-secret-0123456789", "exactly_once_v2", 1, 1, 0, Duration.ofDays(7), 1000)
        .withInputPartitioning(partitioning)
        .withLifecycle(new Lifecycle(Optional.of(instanceName), Duration.ofSeconds(30), false, Duration.ZERO));
  }

  private static ConsumerGroupDescription group(GroupState state, MemberDescription... members) {
    return new ConsumerGroupDescription(
        APP, false, List.of(members), "stream", GroupType.CLASSIC, state, null, Set.of(),
        Optional.empty(), Optional.empty());
  }

  private static MemberDescription member(String groupInstanceId, String... topics) {
    Set<TopicPartition> partitions =
        Arrays.stream(topics).map(topic -> new TopicPartition(topic, 0)).collect(Collectors.toSet());
    return new MemberDescription(
        "member-" + groupInstanceId,
        Optional.of(groupInstanceId),
        Optional.empty(),
        "client",
        "/127.0.0.1",
        new MemberAssignment(partitions),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
