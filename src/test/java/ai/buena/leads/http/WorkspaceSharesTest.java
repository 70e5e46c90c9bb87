package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkspaceSharesTest {
  @Test
  void shouldGiveEachWorkspaceHalfThePoolRoundedUpAndAtLeastOne() {
    assertThat(new WorkspaceShares(8).share()).isEqualTo(4);
    assertThat(new WorkspaceShares(3).share()).isEqualTo(2);
    assertThat(new WorkspaceShares(1).share()).isEqualTo(1);
  }

  @Test
  void shouldRefuseAWorkspaceAtItsShareWhileOthersStillTakeTheirs() {
    WorkspaceShares shares = new WorkspaceShares(4);

    assertThat(shares.tryAcquire("ws_a")).isTrue();
    assertThat(shares.tryAcquire("ws_a")).isTrue();
    assertThat(shares.tryAcquire("ws_a")).isFalse();
    assertThat(shares.tryAcquire("ws_b")).isTrue();
    shares.release("ws_a");
    assertThat(shares.tryAcquire("ws_a")).isTrue();
  }

  @Test
  void shouldForgetAWorkspaceOnceItHoldsNothing() {
    WorkspaceShares shares = new WorkspaceShares(8);
    for (int i = 0; i < 1_000; i++) {
      String workspace = "ws_" + i;
      assertThat(shares.tryAcquire(workspace)).isTrue();
      assertThat(shares.tryAcquire(workspace)).isTrue();
      shares.release(workspace);
      shares.release(workspace);
    }

    assertThat(shares.workspacesHolding()).isZero();
  }
}
