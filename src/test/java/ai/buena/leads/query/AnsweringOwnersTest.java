package ai.buena.leads.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A partition's new owner answers for it when the instance the metadata names as its active owner
 * (another one) answers the partition's share of a list from its active, with no standby or retired
 * copy allowed; anything else (a 503, no answer in time, no owner, this instance) is no.
 */
class AnsweringOwnersTest {
  private static final HostAddress SELF = new HostAddress("self", 1);
  private static final HostAddress PEER = new HostAddress("peer", 2);

  private final Map<Integer, HostAddress> actives = new HashMap<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private CompletableFuture<PartialAnswer> peerAnswer =
      CompletableFuture.completedFuture(new PartialAnswer(0, List.of(), Staleness.NONE));
  private final AnsweringOwners owners = new AnsweringOwners(view(), remote());

  @Test
  void shouldSayTheNewOwnerAnswersWhenItAnswersThePartitionFromItsActive() {
    actives.put(3, PEER);

    assertThat(owners.answer(3)).isTrue();
    assertThat(asked).containsExactly("peer:2 partitions=[3] bound=" + StandbyBound.OFF);
  }

  @Test
  void shouldSayNoWhenTheNewOwnerCannotAnswerYet() {
    actives.put(3, PEER);
    peerAnswer =
        CompletableFuture.failedFuture(
            new UnavailableException("partition 3 is not available here", Duration.ofSeconds(1)));

    assertThat(owners.answer(3)).isFalse();
  }

  @Test
  void shouldSayNoWhenTheNewOwnerDoesNotAnswerInTime() {
    actives.put(3, PEER);
    peerAnswer = new CompletableFuture<>();

    assertThat(owners.answer(3)).isFalse();
  }

  @Test
  void shouldSayNoWithoutAskingWhenThePartitionHasNoOwnerOrItIsThisInstance() {
    actives.put(4, SELF);

    assertThat(owners.answer(3)).isFalse();
    assertThat(owners.answer(4)).isFalse();
    assertThat(asked).isEmpty();
  }

  private ClusterView view() {
    return new ClusterView() {
      @Override
      public HostAddress self() {
        return SELF;
      }

      @Override
      public Map<HostAddress, Set<Integer>> activeOwners() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Placement placement() {
        return new Placement(6, Map.copyOf(actives), Map.of());
      }

      @Override
      public Optional<HostAddress> ownerOf(String leadId) {
        throw new UnsupportedOperationException();
      }
    };
  }

  private RemoteInstances remote() {
    return new PartialsOnly(
        asked -> {
          this.asked.add(asked.host() + " partitions=" + asked.partitions() + " bound=" + asked.bound());
          return peerAnswer;
        });
  }
}
