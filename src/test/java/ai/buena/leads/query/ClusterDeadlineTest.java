package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.lead.Lead;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One deadline for all instances of one answer: none is asked once it has passed. */
class ClusterDeadlineTest {
  private static final HostAddress SELF = new HostAddress("self", 1);
  private static final HostAddress HANGING_OWNER = new HostAddress("owner", 2);
  private static final HostAddress STANDBY = new HostAddress("standby", 3);
  private static final Duration DEADLINE = Duration.ofMillis(300);

  private final AtomicInteger standbyCalls = new AtomicInteger();

  @Test
  void shouldNotAskAStandbyForALeadOnceTheOwnerUsedTheWholeDeadline() {
    LocalLeadQueryService local =
        new LocalLeadQueryService(new LocalIndexes(), 1, () -> true, leadId -> 0);
    ClusterLeadQueryService cluster =
        new ClusterLeadQueryService(local, view(), new Peers(), DEADLINE, new StandbyBound(1_000));

    assertThatThrownBy(() -> cluster.find(TestLeads.WORKSPACE, "lead_1"))
        .isInstanceOf(UnavailableException.class);
    assertThat(standbyCalls).hasValue(0);
  }

  private static ClusterView view() {
    return new ClusterView() {
      @Override
      public HostAddress self() {
        return SELF;
      }

      @Override
      public Map<HostAddress, Set<Integer>> activeOwners() {
        return Map.of(HANGING_OWNER, Set.of(0));
      }

      @Override
      public Optional<HostAddress> ownerOf(String leadId) {
        return Optional.of(HANGING_OWNER);
      }

      @Override
      public Set<HostAddress> standbysOf(String leadId) {
        return Set.of(STANDBY);
      }
    };
  }

  /** The owner never answers; the standby answers, but not at once (as over a network). */
  private final class Peers extends NeverAnsweringPeers {
    @Override
    public CompletableFuture<Answered<Optional<Lead>>> lead(
        HostAddress host, String workspaceId, String leadId, StandbyBound bound, ConsistencyToken after) {
      if (!host.equals(STANDBY)) {
        return super.lead(host, workspaceId, leadId, bound, after);
      }
      standbyCalls.incrementAndGet();
      return CompletableFuture.supplyAsync(
          () -> new Answered<>(Optional.<Lead>empty(), Staleness.NONE),
          CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
    }
  }
}
