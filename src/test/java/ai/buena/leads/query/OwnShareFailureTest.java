package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.index.LocalIndexes;
import ai.buena.leads.index.PartitionIndex;
import ai.buena.leads.lead.Lead;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A failure of this instance's own share of a cluster answer that is no unavailability is a bug:
 * it reaches the HTTP layer as it is (500, logged once with its stack trace), not as a 503 that
 * clients retry forever and that is logged at INFO without a trace.
 */
class OwnShareFailureTest {
  private static final HostAddress SELF = new HostAddress("self", 1);
  private static final HostAddress PEER = new HostAddress("peer", 2);

  @Test
  void shouldLetAnUnexpectedFailureOfItsOwnShareThroughAsItIs() {
    LocalIndexes indexes = new LocalIndexes();
    PartitionIndex broken =
        new PartitionIndex(
            0,
            leadId -> {
              throw new IllegalStateException("the store could not be read");
            });
    Lead lead = TestLeads.aLead("lead_1").build();
    broken.change(() -> {}, null, lead);
    indexes.register(broken);
    LocalLeadQueryService local = new LocalLeadQueryService(indexes, 2, () -> true, leadId -> 0);
    ClusterLeadQueryService cluster =
        new ClusterLeadQueryService(local, view(), new NeverAnsweringPeers(), Duration.ofSeconds(2));

    assertThatThrownBy(() -> cluster.list(TestLeads.WORKSPACE, LeadQuery.defaults()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the store could not be read");
  }

  private static ClusterView view() {
    return new ClusterView() {
      @Override
      public HostAddress self() {
        return SELF;
      }

      @Override
      public Map<HostAddress, Set<Integer>> activeOwners() {
        return Map.of(SELF, Set.of(0), PEER, Set.of(1));
      }

      @Override
      public Optional<HostAddress> ownerOf(String leadId) {
        return Optional.of(SELF);
      }
    };
  }
}
