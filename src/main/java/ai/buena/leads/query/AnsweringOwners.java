package ai.buena.leads.query;

import ai.buena.leads.index.NewOwners;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a partition's new owner answers for it: the instance Kafka Streams' metadata names as its
 * active owner, another one than this, is asked for the partition's share of a list answer from
 * its active only (no standby or retired copy), over a workspace no lead has; any answer within
 * {@link #ASK_TIMEOUT} proves that its task runs there and answers.
 */
public final class AnsweringOwners implements NewOwners {
  static final Duration ASK_TIMEOUT = Duration.ofMillis(500);
  /** A valid workspace id that holds no lead: the answer costs the owner next to nothing. */
  static final String PROBE_WORKSPACE = "retired-copy-probe";
  private static final LeadQuery PROBE = LeadQuery.builder().limit(1).build();

  private final ClusterView cluster;
  private final RemoteInstances remote;

  public AnsweringOwners(ClusterView cluster, RemoteInstances remote) {
    this.cluster = cluster;
    this.remote = remote;
  }

  @Override
  public boolean answer(int partition) {
    Optional<HostAddress> owner;
    try {
      owner = cluster.placement().active(partition);
    } catch (UnavailableException e) {
      return false;
    }
    if (owner.isEmpty() || owner.get().equals(cluster.self())) {
      // a copy of a partition this instance owns again is closed when its store opens here
      return false;
    }
    try {
      remote
          .partial(owner.get(), PROBE_WORKSPACE, PROBE, Set.of(partition), StandbyBound.OFF)
          .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return false;
    }
  }
}
