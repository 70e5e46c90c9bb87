package ai.buena.leads.http;

import static ai.buena.leads.http.StandbyCluster.LEADS;
import static ai.buena.leads.http.StandbyCluster.idInPartition;
import static ai.buena.leads.http.StandbyCluster.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.http.Readiness.Status;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.StandbyBound;
import ai.buena.leads.query.TestLeads;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An instance says on its internal answers that it is starting until it has been ready once, and
 * that it is stopping at the end of its drain; the others then answer from their own copies
 * without waiting for it. Instance 0 owns partition
 * 0 and holds standby copies of 1 and 2; instance 1 owns 1 and 2 and holds a copy of 0.
 */
class InstanceStateTest {
  private static final List<Map.Entry<Set<Integer>, Set<Integer>>> PLACEMENT =
      List.of(Map.entry(Set.of(0), Set.of(1, 2)), Map.entry(Set.of(1, 2), Set.of(0)));
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  private StandbyCluster cluster;
  private StandbyCluster.Node starting;

  @BeforeEach
  void start() {
    cluster = new StandbyCluster(LEADS, PLACEMENT, new StandbyBound(1000));
    starting = cluster.nodes.get(1);
    starting.readiness = Status.notReady("projection is REBALANCING");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void shouldSayItIsStartingOnAnInternalAnswerBeforeItHasBeenReady() {
    ApiResponse answer = starting.get(partials(1), clusterCredential());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header(InstanceStateHeader.NAME)).contains("starting");
  }

  @Test
  void shouldSayItIsStartingOnAnInternalRefusalBeforeItHasBeenReady() {
    ApiResponse answer = starting.get(partials(0), clusterCredential());

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.header(InstanceStateHeader.NAME)).contains("starting");
  }

  @Test
  void shouldNotSayItIsStartingWhenNotReadyAfterItHasBeenReadyOnce() {
    starting.readiness = Status.ok();
    starting.get(partials(1), clusterCredential());
    starting.readiness = Status.notReady("draining: this instance is stopping");

    ApiResponse answer = starting.get(partials(1), clusterCredential());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header(InstanceStateHeader.NAME)).isEmpty();
  }

  @Test
  void shouldSayItIsStoppingOnAnInternalAnswerAtTheEndOfItsDrain() {
    starting.readiness = Status.ok();
    starting.get(partials(1), clusterCredential());
    starting.readiness = Status.stopping("draining: this instance is stopping");

    ApiResponse answer = starting.get(partials(1), clusterCredential());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header(InstanceStateHeader.NAME)).contains("stopping");
  }

  @Test
  void shouldAnswerFromItsOwnStandbyCopiesOnceAPeerSaidItIsStopping() {
    starting.readiness = Status.stopping("draining: this instance is stopping");

    assertAnsweredFromOwnStandbysAfterAskingThePeerOnce();
  }

  @Test
  void shouldAnswerFromItsOwnStandbyCopiesOnceAPeerSaidItIsStarting() {
    assertAnsweredFromOwnStandbysAfterAskingThePeerOnce();
  }

  /**
   * Instance 0's first answer asks instance 1, whose answer says its state; its second is complete
   * from instance 0's standby copies of instance 1's partitions, labelled.
   */
  private void assertAnsweredFromOwnStandbysAfterAskingThePeerOnce() {
    StandbyCluster.Node asked = cluster.nodes.get(0);
    asked.list("?limit=100", cluster.readKey());

    ApiResponse answer = asked.list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(total(answer)).isEqualTo(LEADS.size());
    assertThat(answer.header(StalenessHeader.NAME)).contains("records=0, partitions=2");
  }

  @Test
  void shouldReadALeadFromItsOwnStandbyCopyWhileItsActiveOwnerIsStarting() {
    StandbyCluster.Node asked = cluster.nodes.get(0);
    asked.list("?limit=100", cluster.readKey());
    int calls = asked.leadCalls.get();

    Optional<Lead> lead = asked.queries.get(TestLeads.WORKSPACE, idInPartition(1));

    assertThat(lead).isPresent();
    assertThat(asked.leadCalls.get()).isEqualTo(calls);
  }

  @Test
  void shouldReadTheLeadAWriteDecidesOnFromItsActiveOwnerEvenWhileItIsStarting() {
    StandbyCluster.Node asked = cluster.nodes.get(0);
    asked.list("?limit=100", cluster.readKey());
    int calls = asked.leadCalls.get();

    Optional<Lead> lead = asked.queries.current(TestLeads.WORKSPACE, idInPartition(1), null);

    assertThat(lead).isPresent();
    assertThat(asked.leadCalls.get()).isEqualTo(calls + 1);
  }

  @Test
  void shouldAskAPeerFirstAgainOnceItHasStarted() {
    StandbyCluster.Node asked = cluster.nodes.get(0);
    asked.list("?limit=100", cluster.readKey());

    starting.readiness = Status.ok();

    await()
        .atMost(DEADLINE)
        .until(() -> asked.list("?limit=100", cluster.readKey()).header(StalenessHeader.NAME).isEmpty());
  }

  private static String partials(int partition) {
    return InternalRoutes.PARTIALS + "?workspace=" + TestLeads.WORKSPACE + "&partitions=" + partition;
  }

  private static String[] clusterCredential() {
    return new String[] {Authenticator.CLUSTER_HEADER, IndexedApi.CLUSTER_SECRET};
  }
}
