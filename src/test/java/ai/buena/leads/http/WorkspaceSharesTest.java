package ai.buena.leads.http;

import static ai.buena.leads.http.WorkspaceShares.Outcome.POOL_SPENT;
import static ai.buena.leads.http.WorkspaceShares.Outcome.SHARE_SPENT;
import static ai.buena.leads.http.WorkspaceShares.Outcome.TAKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WorkspaceSharesTest {
  @Test
  void shouldGiveEachWorkspaceHalfThePoolRoundedUpAndAtLeastOne() {
    assertThat(new WorkspaceShares(8).share()).isEqualTo(4);
    assertThat(new WorkspaceShares(3).share()).isEqualTo(2);
    assertThat(new WorkspaceShares(1).share()).isEqualTo(1);
  }

  @Test
  void shouldKeepAQuarterOfThePoolRoundedDownForWorkspacesHoldingNone() {
    assertThat(new WorkspaceShares(8).reserve()).isEqualTo(2);
    assertThat(new WorkspaceShares(32).reserve()).isEqualTo(8);
    assertThat(new WorkspaceShares(3).reserve()).isZero();
    assertThat(new WorkspaceShares(1).reserve()).isZero();
  }

  @Test
  void shouldRefuseAWorkspaceAtItsShareWhileOthersStillTakeTheirs() {
    WorkspaceShares shares = new WorkspaceShares(4);

    assertThat(shares.tryAcquire("ws_a")).isEqualTo(TAKEN);
    assertThat(shares.tryAcquire("ws_a")).isEqualTo(TAKEN);
    assertThat(shares.tryAcquire("ws_a")).isEqualTo(SHARE_SPENT);
    assertThat(shares.tryAcquire("ws_b")).isEqualTo(TAKEN);
    shares.release("ws_a");
    assertThat(shares.tryAcquire("ws_a")).isEqualTo(TAKEN);
  }

  @Test
  void shouldLetOneWorkspaceAloneTakeItsWholeShare() {
    WorkspaceShares shares = new WorkspaceShares(8);

    for (int i = 0; i < 4; i++) {
      assertThat(shares.tryAcquire("ws_a")).isEqualTo(TAKEN);
    }
    assertThat(shares.tryAcquire("ws_a")).isEqualTo(SHARE_SPENT);
  }

  @Test
  void shouldKeepTheReserveFromTwoBusyWorkspacesForAThirdAndAFourth() {
    WorkspaceShares shares = new WorkspaceShares(8);
    for (int i = 0; i < 4; i++) {
      shares.tryAcquire("ws_a");
    }

    assertThat(shares.tryAcquire("ws_b")).isEqualTo(TAKEN);
    assertThat(shares.tryAcquire("ws_b")).isEqualTo(TAKEN);
    assertThat(shares.tryAcquire("ws_b")).isEqualTo(SHARE_SPENT);
    assertThat(shares.tryAcquire("ws_c")).isEqualTo(TAKEN);
    assertThat(shares.tryAcquire("ws_c")).isEqualTo(SHARE_SPENT);
    assertThat(shares.tryAcquire("ws_d")).isEqualTo(TAKEN);
    assertThat(shares.tryAcquire("ws_e")).isEqualTo(POOL_SPENT);
  }

  @Test
  void shouldGiveAReservedPermitBackToTheWorkspacesHoldingNone() {
    WorkspaceShares shares = new WorkspaceShares(8);
    for (int i = 0; i < 4; i++) {
      shares.tryAcquire("ws_a");
    }
    shares.tryAcquire("ws_b");
    shares.tryAcquire("ws_b");
    shares.tryAcquire("ws_c");

    shares.release("ws_c");

    assertThat(shares.tryAcquire("ws_b")).isEqualTo(SHARE_SPENT);
    assertThat(shares.tryAcquire("ws_a")).isEqualTo(SHARE_SPENT);
    assertThat(shares.tryAcquire("ws_e")).isEqualTo(TAKEN);
  }

  @Test
  void shouldForgetAWorkspaceOnceItHoldsNothing() {
    WorkspaceShares shares = new WorkspaceShares(8);
    for (int i = 0; i < 1_000; i++) {
      String workspace = "ws_" + i;
      assertThat(shares.tryAcquire(workspace)).isEqualTo(TAKEN);
      assertThat(shares.tryAcquire(workspace)).isEqualTo(TAKEN);
      shares.release(workspace);
      shares.release(workspace);
    }

    assertThat(shares.workspacesHolding()).isZero();
    assertThat(shares.inUse()).isZero();
  }

  @Test
  void shouldRefuseToGiveBackAPermitItsWorkspaceDoesNotHold() {
    WorkspaceShares shares = new WorkspaceShares(8);
    shares.tryAcquire("ws_a");

    assertThatThrownBy(() -> shares.release("ws_b")).isInstanceOf(IllegalStateException.class);
    assertThat(shares.inUse()).isEqualTo(1);
  }

  /**
   * Random takes and gives back against the rules written out: never more permits than the pool,
   * no workspace above half of it, no workspace's second permit taken into the reserve, and every
   * refusal for a reason that holds.
   */
  @Test
  void shouldFollowThePoolTheShareAndTheReserveUnderRandomTakesAndReleases() {
    for (int seed = 0; seed < 200; seed++) {
      Random random = new Random(seed);
      int pool = 1 + random.nextInt(40);
      WorkspaceShares shares = new WorkspaceShares(pool);
      int share = Math.max(1, (pool + 1) / 2);
      int reserve = pool / 4;
      List<String> taken = new ArrayList<>();
      for (int step = 0; step < 2_000; step++) {
        if (!taken.isEmpty() && random.nextInt(3) == 0) {
          shares.release(taken.remove(random.nextInt(taken.size())));
          continue;
        }
        String workspace = "ws_" + random.nextInt(1 + random.nextInt(6));
        long holds = taken.stream().filter(workspace::equals).count();
        int free = pool - taken.size();
        WorkspaceShares.Outcome expected =
            free == 0
                ? POOL_SPENT
                : holds >= share || (holds > 0 && free - 1 < reserve) ? SHARE_SPENT : TAKEN;

        assertThat(shares.tryAcquire(workspace)).as("seed %d step %d", seed, step).isEqualTo(expected);
        if (expected == TAKEN) {
          taken.add(workspace);
        }
        assertThat(shares.inUse()).isEqualTo(taken.size());
      }
    }
  }
}
