package ai.buena.leads.http;

import java.util.HashMap;
import java.util.Map;

/**
 * A load-shedding pool's permits and how many each workspace holds. A workspace holds at most half
 * the pool, rounded up, and a workspace that already holds a permit may take another only while a
 * quarter of the pool (rounded down) stays free after it: that reserve is for workspaces holding
 * none. Requests hold their permits until their answer is written, so without the share one
 * workspace's slow readers took the whole pool; without the reserve two busy workspaces took it
 * between them, and a third tenant's single client was shed 48–64 % of the time
 * (ops/bench/tenant-fairness.sh). Not thread-safe: {@link AdmissionQueue} changes it under its own
 * lock, together with its line of waiters.
 */
final class WorkspaceShares {
  /** What {@link #tryAcquire} did. */
  enum Outcome {
    TAKEN,
    /** The workspace holds its share, or another permit would dip into the reserve. */
    SHARE_SPENT,
    /** Every permit is held. */
    POOL_SPENT
  }

  private final int poolSize;
  private final int share;
  private final int reserve;
  private final Map<String, Integer> held = new HashMap<>();
  private int inUse;

  WorkspaceShares(int poolSize) {
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize must be at least 1: " + poolSize);
    }
    this.poolSize = poolSize;
    this.share = Math.max(1, (poolSize + 1) / 2);
    this.reserve = poolSize / 4;
  }

  int share() {
    return share;
  }

  int reserve() {
    return reserve;
  }

  /** Takes a permit for one of the workspace's requests, or says why not. */
  Outcome tryAcquire(String workspace) {
    Outcome outcome = outcomeFor(workspace);
    if (outcome == Outcome.TAKEN) {
      held.merge(workspace, 1, Integer::sum);
      inUse++;
    }
    return outcome;
  }

  /** Whether {@link #tryAcquire} would take a permit for the workspace now. */
  boolean wouldTake(String workspace) {
    return outcomeFor(workspace) == Outcome.TAKEN;
  }

  private Outcome outcomeFor(String workspace) {
    if (inUse >= poolSize) {
      return Outcome.POOL_SPENT;
    }
    int holds = held.getOrDefault(workspace, 0);
    if (holds >= share || (holds > 0 && poolSize - inUse - 1 < reserve)) {
      return Outcome.SHARE_SPENT;
    }
    return Outcome.TAKEN;
  }

  /** Gives back one permit the workspace took. */
  void release(String workspace) {
    Integer holds = held.get(workspace);
    if (holds == null) {
      throw new IllegalStateException("released a permit its workspace did not hold");
    }
    if (holds == 1) {
      held.remove(workspace);
    } else {
      held.put(workspace, holds - 1);
    }
    inUse--;
  }

  /** The workspaces holding permits now (none once every permit is back). */
  int workspacesHolding() {
    return held.size();
  }

  int inUse() {
    return inUse;
  }
}
