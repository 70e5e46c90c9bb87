package ai.buena.leads.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A load-shedding pool ({@link WorkspaceShares}) with a bounded line of requests waiting for a
 * permit. A request refused a permit waits, if the line has room for it, until a permit its
 * workspace may take is given back; the caller answers it 503 when its wait ends first ({@link
 * #leave}). A permit given back goes to the longest-waiting request whose workspace may take it,
 * so one workspace at its share does not hold up another. Every change is made under one lock, so
 * no waiter is left waiting while a permit it may take is free.
 *
 * @param <W> a waiting request
 */
final class AdmissionQueue<W> {
  /** What {@link #admitOrWait} did. */
  enum Outcome {
    TAKEN,
    WAITING,
    /** Refused, not waiting: the workspace holds its share (or would dip into the reserve). */
    SHARE_SPENT,
    /** Refused, not waiting: every permit is held. */
    POOL_SPENT
  }

  /** A waiter that was given a permit, and the workspace holding it. */
  record Admitted<W>(W waiter, String workspace) {}

  private record Waiting<W>(W waiter, String workspace, WorkspaceShares.Outcome refusal) {}

  private final WorkspaceShares shares;
  private final int maxWaiting;
  private final int maxWaitingPerWorkspace;
  private final ArrayDeque<Waiting<W>> line = new ArrayDeque<>();
  private final Map<String, Integer> waitingPerWorkspace = new HashMap<>();

  /**
   * @param maxWaiting the most requests waiting at once (0: none ever waits)
   * @param maxWaitingPerWorkspace the most of them from one workspace
   */
  AdmissionQueue(int poolSize, int maxWaiting, int maxWaitingPerWorkspace) {
    if (maxWaiting < 0 || maxWaitingPerWorkspace < 0) {
      throw new IllegalArgumentException(
          "waiting bounds must be at least 0: " + maxWaiting + ", " + maxWaitingPerWorkspace);
    }
    this.shares = new WorkspaceShares(poolSize);
    this.maxWaiting = maxWaiting;
    this.maxWaitingPerWorkspace = maxWaitingPerWorkspace;
  }

  /**
   * Takes a permit for the workspace's request, or puts {@code waiter} in line, or says why
   * neither.
   */
  synchronized Outcome admitOrWait(String workspace, W waiter) {
    WorkspaceShares.Outcome taken = shares.tryAcquire(workspace);
    if (taken == WorkspaceShares.Outcome.TAKEN) {
      return Outcome.TAKEN;
    }
    int waitingOfWorkspace = waitingPerWorkspace.getOrDefault(workspace, 0);
    if (line.size() >= maxWaiting || waitingOfWorkspace >= maxWaitingPerWorkspace) {
      return taken == WorkspaceShares.Outcome.SHARE_SPENT
          ? Outcome.SHARE_SPENT
          : Outcome.POOL_SPENT;
    }
    line.addLast(new Waiting<>(waiter, workspace, taken));
    waitingPerWorkspace.put(workspace, waitingOfWorkspace + 1);
    return Outcome.WAITING;
  }

  /**
   * Gives back one permit the workspace took, and gives the permits now free to the waiters that
   * may take them, longest-waiting first: each of the returned holds a permit.
   */
  synchronized List<Admitted<W>> release(String workspace) {
    shares.release(workspace);
    List<Admitted<W>> admitted = new ArrayList<>(1);
    for (Iterator<Waiting<W>> it = line.iterator(); it.hasNext(); ) {
      Waiting<W> next = it.next();
      if (shares.tryAcquire(next.workspace()) == WorkspaceShares.Outcome.TAKEN) {
        it.remove();
        forget(next.workspace());
        admitted.add(new Admitted<>(next.waiter(), next.workspace()));
      }
    }
    return admitted;
  }

  /**
   * Takes {@code waiter} out of line: why it was refused when it is still waiting (its wait ended
   * first), null when it has been admitted or has left already.
   */
  synchronized WorkspaceShares.Outcome leave(W waiter) {
    for (Iterator<Waiting<W>> it = line.iterator(); it.hasNext(); ) {
      Waiting<W> next = it.next();
      if (next.waiter() == waiter) {
        it.remove();
        forget(next.workspace());
        return next.refusal();
      }
    }
    return null;
  }

  private void forget(String workspace) {
    waitingPerWorkspace.computeIfPresent(workspace, (ignored, n) -> n == 1 ? null : n - 1);
  }

  synchronized int waiting() {
    return line.size();
  }

  synchronized int inUse() {
    return shares.inUse();
  }

  synchronized int workspacesHolding() {
    return shares.workspacesHolding();
  }

  /** Whether a waiter of this workspace would be admitted now (no waiter ever should be). */
  synchronized boolean wouldAdmit(String workspace) {
    return shares.wouldTake(workspace);
  }
}
