package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.CoordinatorNotAvailableException;
import org.junit.jupiter.api.Test;

/** Taking a failed stream thread's member out of the group (the rest: HostileEventIT). */
class FailedThreadMembersTest {

  @Test
  void shouldAskNothingOfKafkaForAThreadThatIsNotAStreamThread() {
    AtomicInteger admins = new AtomicInteger();
    FailedThreadMembers members =
        new FailedThreadMembers(
            settings -> {
              admins.incrementAndGet();
              return refusingAdmin(new ArrayList<>());
            },
            "group");

    members.removeMemberOf(new Thread(() -> {}));

    assertThat(admins).hasValue(0);
  }

  @Test
  void shouldLeaveTheMemberToItsSessionTimeoutWhenKafkaCannotBeAskedAndWaitForNothingMore() {
    List<Duration> closes = new ArrayList<>();
    FailedThreadMembers members = new FailedThreadMembers(settings -> refusingAdmin(closes), "group");

    assertThatCode(() -> members.remove("instance-1")).doesNotThrowAnyException();

    assertThat(closes).containsExactly(Duration.ZERO);
  }

  /** An admin client whose member removal fails at once; its closes are recorded. */
  private static Admin refusingAdmin(List<Duration> closes) {
    return AdminStub.answering(
        "removeMembersFromConsumerGroup",
        () -> {
          throw new CoordinatorNotAvailableException("no coordinator");
        },
        closes);
  }
}
