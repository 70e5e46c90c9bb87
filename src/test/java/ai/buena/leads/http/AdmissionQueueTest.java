package ai.buena.leads.http;

import static ai.buena.leads.http.AdmissionQueue.Outcome.POOL_SPENT;
import static ai.buena.leads.http.AdmissionQueue.Outcome.SHARE_SPENT;
import static ai.buena.leads.http.AdmissionQueue.Outcome.TAKEN;
import static ai.buena.leads.http.AdmissionQueue.Outcome.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdmissionQueueTest {
  private static List<String> waitersOf(List<AdmissionQueue.Admitted<String>> admitted) {
    return admitted.stream().map(AdmissionQueue.Admitted::waiter).toList();
  }

  @Test
  void shouldGiveAReleasedPermitToTheRequestWaitingForIt() {
    AdmissionQueue<String> queue = new AdmissionQueue<>(2, 8, 4);
    assertThat(queue.admitOrWait("ws_a", "a1")).isEqualTo(TAKEN);
    assertThat(queue.admitOrWait("ws_b", "b1")).isEqualTo(TAKEN);

    assertThat(queue.admitOrWait("ws_c", "c1")).isEqualTo(WAITING);

    assertThat(waitersOf(queue.release("ws_a"))).containsExactly("c1");
    assertThat(queue.waiting()).isZero();
    assertThat(queue.inUse()).isEqualTo(2);
  }

  @Test
  void shouldAdmitWaitersInTheOrderTheyCame() {
    AdmissionQueue<String> queue = new AdmissionQueue<>(2, 8, 4);
    queue.admitOrWait("ws_a", "a1");
    queue.admitOrWait("ws_b", "b1");
    queue.admitOrWait("ws_c", "c1");
    queue.admitOrWait("ws_d", "d1");

    assertThat(waitersOf(queue.release("ws_a"))).containsExactly("c1");
    assertThat(waitersOf(queue.release("ws_b"))).containsExactly("d1");
  }

  @Test
  void shouldPassOverAWaiterWhoseWorkspaceHoldsItsShareForOneThatMayTakeThePermit() {
    AdmissionQueue<String> queue = new AdmissionQueue<>(4, 16, 8);
    queue.admitOrWait("ws_a", "a1");
    queue.admitOrWait("ws_a", "a2");
    queue.admitOrWait("ws_b", "b1");
    queue.admitOrWait("ws_c", "c1");
    assertThat(queue.admitOrWait("ws_a", "a3")).isEqualTo(WAITING);
    assertThat(queue.admitOrWait("ws_d", "d1")).isEqualTo(WAITING);

    assertThat(waitersOf(queue.release("ws_b"))).containsExactly("d1");
    assertThat(queue.waiting()).isEqualTo(1);
    assertThat(waitersOf(queue.release("ws_a"))).as("the reserve's permit").isEmpty();
    assertThat(waitersOf(queue.release("ws_c"))).containsExactly("a3");
  }

  @Test
  void shouldRefuseAtOnceWhenTheLineIsFull() {
    AdmissionQueue<String> queue = new AdmissionQueue<>(1, 2, 2);
    queue.admitOrWait("ws_a", "a1");
    assertThat(queue.admitOrWait("ws_b", "b1")).isEqualTo(WAITING);
    assertThat(queue.admitOrWait("ws_c", "c1")).isEqualTo(WAITING);

    assertThat(queue.admitOrWait("ws_d", "d1")).isEqualTo(POOL_SPENT);
    assertThat(queue.waiting()).isEqualTo(2);
  }

  @Test
  void shouldRefuseAtOnceAWorkspaceWithItsHalfOfTheLineWaitingWhileOthersStillWait() {
    AdmissionQueue<String> queue = new AdmissionQueue<>(2, 4, 2);
    queue.admitOrWait("ws_a", "a1");
    assertThat(queue.admitOrWait("ws_a", "a2")).isEqualTo(WAITING);
    assertThat(queue.admitOrWait("ws_a", "a3")).isEqualTo(WAITING);

    assertThat(queue.admitOrWait("ws_a", "a4")).isEqualTo(SHARE_SPENT);
    assertThat(queue.admitOrWait("ws_b", "b1")).isEqualTo(TAKEN);
    assertThat(queue.admitOrWait("ws_b", "b2")).isEqualTo(WAITING);
  }

  @Test
  void shouldNeverQueueWhenNoWaitingIsAllowed() {
    AdmissionQueue<String> queue = new AdmissionQueue<>(2, 0, 0);
    queue.admitOrWait("ws_a", "a1");

    assertThat(queue.admitOrWait("ws_a", "a2")).isEqualTo(SHARE_SPENT);
    assertThat(queue.admitOrWait("ws_b", "b1")).isEqualTo(TAKEN);
    assertThat(queue.admitOrWait("ws_c", "c1")).isEqualTo(POOL_SPENT);
    assertThat(queue.waiting()).isZero();
  }

  @Test
  void shouldTellAWaiterWhoseWaitEndedWhyItWasRefusedAndForgetIt() {
    AdmissionQueue<String> queue = new AdmissionQueue<>(2, 8, 4);
    queue.admitOrWait("ws_a", "a1");
    queue.admitOrWait("ws_b", "b1");
    queue.admitOrWait("ws_c", "c1");
    queue.admitOrWait("ws_a", "a2");

    assertThat(queue.leave("c1")).isEqualTo(WorkspaceShares.Outcome.POOL_SPENT);
    assertThat(queue.leave("c1")).isNull();
    assertThat(queue.waiting()).isEqualTo(1);
    assertThat(waitersOf(queue.release("ws_b"))).isEmpty();
    assertThat(queue.inUse()).isEqualTo(1);
  }

  @Test
  void shouldNotLetAnAdmittedWaiterLeaveTheLineAgain() {
    AdmissionQueue<String> queue = new AdmissionQueue<>(1, 8, 4);
    queue.admitOrWait("ws_a", "a1");
    queue.admitOrWait("ws_b", "b1");
    queue.release("ws_a");

    assertThat(queue.leave("b1")).isNull();
    assertThat(queue.inUse()).isEqualTo(1);
  }

  /**
   * Random arrivals, releases and ends of waits against the rules written out: never more permits
   * than the pool, no waiter left waiting while a permit it may take is free, waiters of one
   * workspace admitted in the order they came, the line and each workspace's part of it within
   * their bounds, and every permit back once everything is released.
   */
  @Test
  void shouldNeverLeaveAWaiterWaitingForAFreePermitItMayTakeUnderRandomTraffic() {
    for (long seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      int pool = 1 + random.nextInt(12);
      int maxWaiting = random.nextInt(3 * pool + 1);
      int perWorkspace = maxWaiting / 2;
      AdmissionQueue<String> queue = new AdmissionQueue<>(pool, maxWaiting, perWorkspace);
      Map<String, List<String>> holding = new HashMap<>();
      Map<String, String> waiting = new LinkedHashMap<>();
      int next = 0;
      for (int step = 0; step < 2_000; step++) {
        int action = random.nextInt(3);
        if (action == 0) {
          String workspace = "ws_" + random.nextInt(5);
          String waiter = workspace + "#" + next++;
          long waitingOfWorkspace =
              waiting.values().stream().filter(workspace::equals).count();
          AdmissionQueue.Outcome outcome = queue.admitOrWait(workspace, waiter);
          switch (outcome) {
            case TAKEN -> holding.computeIfAbsent(workspace, w -> new ArrayList<>()).add(waiter);
            case WAITING -> waiting.put(waiter, workspace);
            default -> {
              assertThat(waiting.size() >= maxWaiting || waitingOfWorkspace >= perWorkspace)
                  .as("seed %d: refused %s although the line had room", seed, waiter)
                  .isTrue();
              assertThat(queue.wouldAdmit(workspace)).isFalse();
            }
          }
        } else if (action == 1 && !holding.isEmpty()) {
          List<String> holders = new ArrayList<>(holding.keySet());
          String workspace = holders.get(random.nextInt(holders.size()));
          List<String> held = holding.get(workspace);
          held.remove(held.size() - 1);
          if (held.isEmpty()) {
            holding.remove(workspace);
          }
          for (AdmissionQueue.Admitted<String> admitted : queue.release(workspace)) {
            String before = firstWaitingOf(waiting, admitted.workspace());
            assertThat(admitted.waiter())
                .as("seed %d: waiters of one workspace in the order they came", seed)
                .isEqualTo(before);
            waiting.remove(admitted.waiter());
            holding.computeIfAbsent(admitted.workspace(), w -> new ArrayList<>())
                .add(admitted.waiter());
          }
        } else if (action == 2 && !waiting.isEmpty()) {
          List<String> waiters = new ArrayList<>(waiting.keySet());
          String waiter = waiters.get(random.nextInt(waiters.size()));
          assertThat(queue.leave(waiter)).isNotNull();
          waiting.remove(waiter);
        }
        int held = holding.values().stream().mapToInt(List::size).sum();
        assertThat(queue.inUse()).as("seed %d", seed).isEqualTo(held).isLessThanOrEqualTo(pool);
        assertThat(queue.waiting()).as("seed %d", seed).isEqualTo(waiting.size());
        assertThat(waiting.size()).isLessThanOrEqualTo(maxWaiting);
        for (String workspace : waiting.values()) {
          assertThat(queue.wouldAdmit(workspace))
              .as("seed %d step %d: a waiter of %s left waiting for a free permit", seed, step, workspace)
              .isFalse();
          assertThat(waiting.values().stream().filter(workspace::equals).count())
              .isLessThanOrEqualTo(perWorkspace);
        }
      }
      for (String waiter : new ArrayList<>(waiting.keySet())) {
        queue.leave(waiter);
      }
      for (Map.Entry<String, List<String>> entry : holding.entrySet()) {
        for (int i = 0; i < entry.getValue().size(); i++) {
          assertThat(queue.release(entry.getKey())).isEmpty();
        }
      }
      assertThat(queue.inUse()).isZero();
      assertThat(queue.workspacesHolding()).isZero();
    }
  }

  private static String firstWaitingOf(Map<String, String> waiting, String workspace) {
    return waiting.entrySet().stream()
        .filter(entry -> entry.getValue().equals(workspace))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }
}
