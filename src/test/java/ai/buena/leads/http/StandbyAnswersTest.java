package ai.buena.leads.http;

import static ai.buena.leads.http.StandbyCluster.LEADS;
import static ai.buena.leads.http.StandbyCluster.idInPartition;
import static ai.buena.leads.http.StandbyCluster.total;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.StandbyBound;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Routing to standby copies over real HTTP: instance 0 owns partition 0 and holds standby copies
 * of 1 and 2; instance 1 owns 1 and 2 and holds a copy of 0. When an active cannot answer, a copy
 * within the bound does, and the answer is complete and labelled; otherwise it is 503.
 */
class StandbyAnswersTest {
  private static final List<Map.Entry<Set<Integer>, Set<Integer>>> PLACEMENT =
      List.of(Map.entry(Set.of(0), Set.of(1, 2)), Map.entry(Set.of(1, 2), Set.of(0)));

  private StandbyCluster cluster;

  private StandbyCluster start(StandbyBound bound) {
    cluster = new StandbyCluster(LEADS, PLACEMENT, bound);
    return cluster;
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void shouldAnswerWithoutTheStalenessHeaderWhenEveryActiveAnswers() {
    StandbyCluster cluster = start(new StandbyBound(1000));

    ApiResponse answer = cluster.nodes.get(0).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(total(answer)).isEqualTo(LEADS.size());
    assertThat(answer.header(StalenessHeader.NAME)).isEmpty();
  }

  @Test
  void shouldAnswerCompletelyFromLocalStandbysLabelledWhenThePeerOwningThemIsDown() {
    StandbyCluster cluster = start(new StandbyBound(1000));
    cluster.nodes.get(0).lags.put(1, 7L);
    cluster.nodes.get(1).stop();

    ApiResponse answer = cluster.nodes.get(0).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(total(answer)).isEqualTo(LEADS.size());
    assertThat(answer.json().at("/data/leads").size()).isEqualTo(LEADS.size());
    assertThat(answer.header(StalenessHeader.NAME)).contains("records=7, partitions=2");
    assertThat(answer.header(StalenessHeader.PARTITIONS_NAME)).isEmpty();
  }

  @Test
  void shouldComputeThePageAgainFromStandbysWhenThePeerThatPlacedItCannotGiveItsLeads() {
    StandbyCluster cluster = start(new StandbyBound(1000));
    cluster.nodes.get(0).lags.put(1, 3L);
    cluster.nodes.get(0).failingPageReads.add(cluster.nodes.get(1).address());

    ApiResponse answer = cluster.nodes.get(0).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(total(answer)).isEqualTo(LEADS.size());
    assertThat(answer.json().at("/data/leads").size()).isEqualTo(LEADS.size());
    assertThat(answer.header(StalenessHeader.NAME)).contains("records=3, partitions=2");
  }

  @Test
  void shouldAnswer503WhenThePeerThatPlacedThePageCannotGiveItsLeadsAndStandbyAnswersAreOff() {
    StandbyCluster cluster = start(StandbyBound.OFF);
    cluster.nodes.get(0).failingPageReads.add(cluster.nodes.get(1).address());

    ApiResponse answer = cluster.nodes.get(0).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(503);
  }

  @Test
  void shouldAnswerFromAPeerStandbyWhenTheLocalActiveHasClosed() {
    StandbyCluster cluster = start(new StandbyBound(1000));
    cluster.nodes.get(0).closeActive(0);

    ApiResponse answer = cluster.nodes.get(0).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(total(answer)).isEqualTo(LEADS.size());
    assertThat(answer.header(StalenessHeader.NAME)).contains("records=0, partitions=1");
  }

  @Test
  void shouldAskAStandbyFirstWhileAPeerThatGaveNoAnswerAcceptsConnectionsButDoesNotAnswer()
      throws Exception {
    StandbyCluster cluster = start(new StandbyBound(1000));
    StandbyCluster.Node peer = cluster.nodes.get(1);
    peer.stop();
    assertThat(cluster.nodes.get(0).list("?limit=100", cluster.readKey()).status()).isEqualTo(200);

    // as a restarting instance whose HTTP server is bound but not serving yet
    try (ServerSocket starting = new ServerSocket(peer.port)) {
      long sent = System.nanoTime();
      ApiResponse answer = cluster.nodes.get(0).list("?limit=100", cluster.readKey());

      assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(5));
      assertThat(answer.status()).isEqualTo(200);
      assertThat(total(answer)).isEqualTo(LEADS.size());
      assertThat(answer.header(StalenessHeader.NAME)).isPresent();
    }
  }

  @Test
  void shouldAnswer503WhenTheOnlyStandbyIsFurtherBehindThanTheBound() {
    StandbyCluster cluster = start(new StandbyBound(1000));
    cluster.nodes.get(0).lags.put(2, 1001L);
    cluster.nodes.get(1).stop();

    ApiResponse answer = cluster.nodes.get(0).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.json().get("code").asText()).isEqualTo("UNAVAILABLE");
  }

  @Test
  void shouldAnswer503WhenStandbyAnswersAreTurnedOff() {
    StandbyCluster cluster = start(StandbyBound.OFF);
    cluster.nodes.get(1).stop();

    ApiResponse answer = cluster.nodes.get(0).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.header(StalenessHeader.NAME)).isEmpty();
  }

  @Test
  void shouldAnswerALeadFromAStandbyLabelledWhenItsActiveIsDown() {
    StandbyCluster cluster = start(new StandbyBound(1000));
    cluster.nodes.get(1).lags.put(0, 3L);
    cluster.nodes.get(0).stop();
    String id = idInPartition(0);

    ApiResponse answer =
        cluster.nodes.get(1).get(ApiServer.LEADS + "/" + id, Authenticator.HEADER, cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().at("/data/lead/id").asText()).isEqualTo(id);
    assertThat(answer.header(StalenessHeader.NAME)).contains("records=3, partitions=1");
  }

  @Test
  void shouldAnswerALeadFromAPeerStandbyWhenTheLocalActiveHasClosed() {
    StandbyCluster cluster = start(new StandbyBound(1000));
    cluster.nodes.get(0).closeActive(0);
    String id = idInPartition(0);

    ApiResponse answer =
        cluster.nodes.get(0).get(ApiServer.LEADS + "/" + id, Authenticator.HEADER, cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.header(StalenessHeader.NAME)).contains("records=0, partitions=1");
  }

  @Test
  void shouldLabelANotFoundAnswerReadFromAStandby() {
    StandbyCluster cluster = start(new StandbyBound(1000));
    cluster.nodes.get(1).stop();
    String missing =
        IntStream.range(0, 1000)
            .mapToObj(i -> "missing_" + i)
            .filter(id -> IndexedApi.partitionOf(id) == 1)
            .findFirst()
            .orElseThrow();

    ApiResponse answer =
        cluster.nodes.get(0).get(ApiServer.LEADS + "/" + missing, Authenticator.HEADER, cluster.readKey());

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.header(StalenessHeader.NAME)).contains("records=0, partitions=1");
  }

  @Test
  void shouldAnswerALead503WhenStandbyAnswersAreTurnedOff() {
    StandbyCluster cluster = start(StandbyBound.OFF);
    cluster.nodes.get(0).stop();

    ApiResponse answer =
        cluster.nodes.get(1).get(ApiServer.LEADS + "/" + idInPartition(0), Authenticator.HEADER, cluster.readKey());

    assertThat(answer.status()).isEqualTo(503);
  }

  @Test
  void shouldPageByCursorThroughEveryLeadOnceWhenPartitionsAreReadFromStandbys() {
    StandbyCluster cluster = start(new StandbyBound(1000));
    cluster.nodes.get(1).stop();
    String key = cluster.readKey();
    List<String> seen = new ArrayList<>();
    String query = "?limit=4&sortBy=createdAt&sortOrder=asc";
    String cursor = null;
    do {
      ApiResponse page =
          cluster.nodes.get(0).list(
              cursor == null ? query : query + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8),
              key);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header(StalenessHeader.NAME)).isPresent();
      page.json().at("/data/leads").forEach(lead -> seen.add(lead.get("id").asText()));
      JsonNode next = page.json().at("/data/pagination/nextCursor");
      cursor = next.isNull() ? null : next.asText();
    } while (cursor != null);

    assertThat(seen).isEqualTo(LEADS.stream().map(Lead::id).toList());
  }

  @Test
  void shouldCountStaleAnswersByRouteInMetrics() {
    StandbyCluster cluster = start(new StandbyBound(1000));
    cluster.nodes.get(1).stop();
    StandbyCluster.Node node = cluster.nodes.get(0);
    node.list("?limit=5", cluster.readKey());
    node.list("?limit=5&page=2", cluster.readKey());
    node.get(ApiServer.LEADS + "/" + idInPartition(1), Authenticator.HEADER, cluster.readKey());
    node.get(ApiServer.LEADS + "/" + idInPartition(0), Authenticator.HEADER, cluster.readKey());

    String metrics = node.registry.scrape();

    assertThat(metrics).contains("leads_answers_stale_total{route=\"/api/v2/leads\"} 2.0");
    assertThat(metrics).contains("leads_answers_stale_total{route=\"/api/v2/leads/{id}\"} 1.0");
  }
}
