package ai.buena.leads.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many of a load-shedding pool's permits each workspace holds, and the most it may: half the
 * pool, rounded up. Requests hold their permits until their answer is written, so a client that
 * sends requests and never reads their answers holds its permits until the idle timeout; with a
 * share, one workspace's keys can take at most half a pool, and the other workspaces keep the rest.
 */
final class WorkspaceShares {
  private final int share;
  private final ConcurrentMap<String, Integer> held = new ConcurrentHashMap<>();

  WorkspaceShares(int poolSize) {
    this.share = Math.max(1, (poolSize + 1) / 2);
  }

  int share() {
    return share;
  }

  /** Takes one of the workspace's share; false when it holds its whole share. */
  boolean tryAcquire(String workspace) {
    boolean[] taken = new boolean[1];
    held.compute(
        workspace,
        (name, count) -> {
          int now = count == null ? 0 : count;
          if (now >= share) {
            return count;
          }
          taken[0] = true;
          return now + 1;
        });
    return taken[0];
  }

  /** Gives back one permit of the workspace's share. */
  void release(String workspace) {
    held.computeIfPresent(workspace, (name, count) -> count <= 1 ? null : count - 1);
  }

  /** The workspaces holding permits now (an empty map once every permit is back). */
  int workspacesHolding() {
    return held.size();
  }
}
