package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.projection.InputPartitioning;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.MemberAssignment;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;

class GroupPartitioningCheckTest {
  private static final String LEAD_EVENTS = "lead-events";
  private static final String BY_LEAD = "app-lead-events-by-lead-repartition";
  private static final String STATUS_DELTAS = "app-status-deltas-repartition";

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

  @Test
  void shouldCountAStreamThreadOfThisInstancesStaticMemberAsItsOwn() {
    assertThat(GroupPartitioningCheck.isOwnStaticMember(member("pod-1-1"), Optional.of("pod-1"))).isTrue();
  }

  @Test
  void shouldNotCountAnotherInstanceWhoseNameStartsWithThisOnesAsItsOwn() {
    assertThat(GroupPartitioningCheck.isOwnStaticMember(member("pod-1-2-1"), Optional.of("pod-1"))).isFalse();
    assertThat(GroupPartitioningCheck.isOwnStaticMember(member("pod-10-1"), Optional.of("pod-1"))).isFalse();
  }

  @Test
  void shouldCountNoMemberAsItsOwnWhenThisInstanceIsADynamicMember() {
    assertThat(GroupPartitioningCheck.isOwnStaticMember(member("pod-1-1"), Optional.empty())).isFalse();
  }

  private static MemberDescription member(String groupInstanceId) {
    return new MemberDescription(
        "member-" + groupInstanceId,
        Optional.of(groupInstanceId),
        Optional.empty(),
        "client",
        "/127.0.0.1",
        new MemberAssignment(Set.of()),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
