package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.StandbyBound;
import ai.buena.leads.query.TestLeads;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A rebalance moves partition 0 from instance 0 to instance 1, which cannot answer for it yet
 * (still opening its task); instance 0 kept its copy as a retired copy, which no metadata names.
 * Over real HTTP, either instance answers completely from that copy, labelled stale, when its lag
 * is within the bound; otherwise 503, never a 500 or a partial answer.
 */
class RetiredCopyAnswersTest {
  private static final int LEADS = 30;
  private static final List<Lead> ALL =
      IntStream.range(0, LEADS)
          .mapToObj(
              i ->
                  TestLeads.aLead("lead_" + i)
                      .createdAt(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i * 60L))
                      .build())
          .toList();

  private StandbyCluster cluster;

  /** Instance 0 owns partition 0, instance 1 owns 1 and 2; no standby copies. */
  private StandbyCluster start(StandbyBound bound) {
    cluster =
        new StandbyCluster(
            ALL,
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

    ApiResponse answer = cluster.nodes.get(1).list("?limit=100", key());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(total(answer)).isEqualTo(LEADS);
    assertThat(answer.json().at("/data/leads").size()).isEqualTo(LEADS);
    assertThat(answer.header(StalenessHeader.NAME)).contains("records=4, partitions=1");
  }

  @Test
  void shouldAnswerFromItsOwnRetiredCopyLabelledWhileTheNewOwnerCannot() {
    start(new StandbyBound(1000));
    movePartitionZero(2);

    ApiResponse answer = cluster.nodes.get(0).list("?limit=100", key());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(total(answer)).isEqualTo(LEADS);
    assertThat(answer.header(StalenessHeader.NAME)).contains("records=2, partitions=1");
  }

  @Test
  void shouldAnswerALeadFromThePreviousOwnersRetiredCopyLabelled() {
    start(new StandbyBound(1000));
    movePartitionZero(5);
    String id = idInPartition(0);

    ApiResponse answer =
        cluster.nodes.get(1).get(ApiServer.LEADS + "/" + id, Authenticator.HEADER, key());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().at("/data/lead/id").asText()).isEqualTo(id);
    assertThat(answer.header(StalenessHeader.NAME)).contains("records=5, partitions=1");
  }

  @Test
  void shouldAnswer503WhenTheRetiredCopyIsFurtherBehindThanTheBound() {
    start(new StandbyBound(1000));
    movePartitionZero(1001);

    ApiResponse answer = cluster.nodes.get(1).list("?limit=100", key());

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.json().get("code").asText()).isEqualTo("UNAVAILABLE");
  }

  @Test
  void shouldAnswer503WhenTheRetiredCopyCannotTellHowFarBehindItIs() {
    start(new StandbyBound(1000));
    movePartitionZero(0);
    cluster.nodes.get(0).retiredLags.clear();

    ApiResponse answer = cluster.nodes.get(1).list("?limit=100", key());

    assertThat(answer.status()).isEqualTo(503);
  }

  @Test
  void shouldAnswer503RatherThanFromARetiredCopyWhenStaleAnswersAreOff() {
    start(StandbyBound.OFF);
    movePartitionZero(0);

    ApiResponse list = cluster.nodes.get(1).list("?limit=100", key());
    ApiResponse lead =
        cluster.nodes.get(1).get(ApiServer.LEADS + "/" + idInPartition(0), Authenticator.HEADER, key());

    assertThat(list.status()).isEqualTo(503);
    assertThat(lead.status()).isEqualTo(503);
  }

  @Test
  void shouldAnswer503OnceTheRetiredCopyIsClosed() {
    start(new StandbyBound(1000));
    movePartitionZero(0);
    cluster.nodes.get(0).indexes.closeRetired(0);

    ApiResponse answer = cluster.nodes.get(1).list("?limit=100", key());

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.json().get("code").asText()).isEqualTo("UNAVAILABLE");
  }

  @Test
  void shouldAnswerFromTheNewOwnerWithoutALabelOnceItCan() {
    start(new StandbyBound(1000));
    movePartitionZero(3);
    cluster.nodes.get(1).openActive(0, ALL);

    ApiResponse answer = cluster.nodes.get(0).list("?limit=100", key());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(total(answer)).isEqualTo(LEADS);
    assertThat(answer.header(StalenessHeader.NAME)).isEmpty();
  }

  private String key() {
    return cluster.keys.issue(TestLeads.WORKSPACE, "leads:read");
  }

  private static long total(ApiResponse answer) {
    return answer.json().at("/data/pagination/total").asLong();
  }

  private static String idInPartition(int partition) {
    return ALL.stream()
        .map(Lead::id)
        .filter(id -> IndexedApi.partitionOf(id) == partition)
        .findFirst()
        .orElseThrow();
  }
}
