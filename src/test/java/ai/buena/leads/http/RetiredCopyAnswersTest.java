package ai.buena.leads.http;

import static ai.buena.leads.http.StandbyCluster.LEADS;
import static ai.buena.leads.http.StandbyCluster.idInPartition;
import static ai.buena.leads.http.StandbyCluster.total;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.query.StandbyBound;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rebalance moves partition 0 from instance 0 to instance 1, which cannot answer for it yet
 * (still opening its task); instance 0 kept its copy as a retired copy, which no metadata names.
 * Over real HTTP, either instance answers completely from that copy, labelled stale, when its lag
 * is within the bound; otherwise 503, never a 500 or a partial answer.
 */
class RetiredCopyAnswersTest {
  private StandbyCluster cluster;

  /** Instance 0 owns partition 0, instance 1 owns 1 and 2; no standby copies. */
  private StandbyCluster start(StandbyBound bound) {
    cluster =
        new StandbyCluster(
            LEADS,
            List.of(
                Map.entry(new HashSet<>(Set.of(0)), Set.of()),
                Map.entry(new HashSet<>(Set.of(1, 2)), Set.of())),
            bound);
    return cluster;
  }

  /** Partition 0 moves to instance 1, which has not opened it; instance 0 keeps a retired copy. */
  private void movePartitionZero(long retiredLag) {
    cluster.nodes.get(0).retireActive(0, retiredLag);
    cluster.nodes.get(1).activePartitions.add(0);
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void shouldAnswerCompletelyFromThePreviousOwnersRetiredCopyLabelledWhileTheNewOwnerCannot() {
    start(new StandbyBound(1000));
    movePartitionZero(4);

    ApiResponse answer = cluster.nodes.get(1).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(total(answer)).isEqualTo(LEADS.size());
    assertThat(answer.json().at("/data/leads").size()).isEqualTo(LEADS.size());
    assertThat(answer.header(StalenessHeader.NAME)).contains("records=4, partitions=1");
  }

  @Test
  void shouldAnswerFromItsOwnRetiredCopyLabelledWhileTheNewOwnerCannot() {
    start(new StandbyBound(1000));
    movePartitionZero(2);

    ApiResponse answer = cluster.nodes.get(0).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(total(answer)).isEqualTo(LEADS.size());
    assertThat(answer.header(StalenessHeader.NAME)).contains("records=2, partitions=1");
  }

  @Test
  void shouldAnswerALeadFromThePreviousOwnersRetiredCopyLabelled() {
    start(new StandbyBound(1000));
    movePartitionZero(5);
    String id = idInPartition(0);

    ApiResponse answer =
        cluster.nodes.get(1).get(ApiServer.LEADS + "/" + id, Authenticator.HEADER, cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().at("/data/lead/id").asText()).isEqualTo(id);
    assertThat(answer.header(StalenessHeader.NAME)).contains("records=5, partitions=1");
  }

  @Test
  void shouldAnswer503WhenTheRetiredCopyIsFurtherBehindThanTheBound() {
    start(new StandbyBound(1000));
    movePartitionZero(1001);

    ApiResponse answer = cluster.nodes.get(1).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.json().get("code").asText()).isEqualTo("UNAVAILABLE");
  }

  @Test
  void shouldAnswer503WhenTheRetiredCopyCannotTellHowFarBehindItIs() {
    start(new StandbyBound(1000));
    movePartitionZero(0);
    cluster.nodes.get(0).retiredLags.clear();

    ApiResponse answer = cluster.nodes.get(1).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(503);
  }

  @Test
  void shouldAnswer503RatherThanFromARetiredCopyWhenStaleAnswersAreOff() {
    start(StandbyBound.OFF);
    movePartitionZero(0);

    ApiResponse list = cluster.nodes.get(1).list("?limit=100", cluster.readKey());
    ApiResponse lead =
        cluster.nodes.get(1).get(ApiServer.LEADS + "/" + idInPartition(0), Authenticator.HEADER, cluster.readKey());

    assertThat(list.status()).isEqualTo(503);
    assertThat(lead.status()).isEqualTo(503);
  }

  @Test
  void shouldAnswer503OnceTheRetiredCopyIsClosed() {
    start(new StandbyBound(1000));
    movePartitionZero(0);
    cluster.nodes.get(0).indexes.closeRetired(0);

    ApiResponse answer = cluster.nodes.get(1).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.json().get("code").asText()).isEqualTo("UNAVAILABLE");
  }

  @Test
  void shouldCloseThePreviousOwnersRetiredCopyOnceTheNewOwnerAnswers() {
    start(new StandbyBound(1000));
    movePartitionZero(3);
    assertThat(cluster.nodes.get(0).indexes.retiredPartition(0)).isPresent();

    cluster.nodes.get(1).openActive(0, LEADS);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> cluster.nodes.get(0).indexes.retiredPartition(0).isEmpty());
  }

  @Test
  void shouldAnswerFromTheNewOwnerWithoutALabelOnceItCan() {
    start(new StandbyBound(1000));
    movePartitionZero(3);
    cluster.nodes.get(1).openActive(0, LEADS);

    ApiResponse answer = cluster.nodes.get(0).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(total(answer)).isEqualTo(LEADS.size());
    assertThat(answer.header(StalenessHeader.NAME)).isEmpty();
  }
}
