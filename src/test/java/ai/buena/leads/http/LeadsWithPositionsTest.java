package ai.buena.leads.http;

import static ai.buena.leads.http.StandbyCluster.total;
import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.StandbyBound;
import ai.buena.leads.query.TestLeads;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A first page of a cluster answer comes from one call per instance: each sends the leads at its
 * positions with them. Instance 0 owns partition 0, instance 1 partitions 1 and 2; every answer
 * is asked of instance 0, so most of its leads come from instance 1 over real HTTP.
 */
class LeadsWithPositionsTest {
  private static final List<Map.Entry<Set<Integer>, Set<Integer>>> PLACEMENT =
      List.of(Map.entry(Set.of(0), Set.of()), Map.entry(Set.of(1, 2), Set.of()));
  /** Names that a lead's JSON must carry unchanged: quotes, braces, escapes, multi-byte text. */
  private static final List<String> AWKWARD_NAMES =
      List.of(
          "Zoë \"}{\" O'Brien",
          "back\\slash } and {",
          "Ünïcödé 名前 🦊",
          "line\nbreak\ttab",
          "</script>{\"leads\":[]}",
          "\u0001control");

  private StandbyCluster cluster;

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void shouldAnswerAFirstPageWithoutAskingAPeerForItsLeadsAgain() {
    List<Lead> leads = leads(30);
    cluster = new StandbyCluster(leads, PLACEMENT, StandbyBound.OFF);

    ApiResponse answer = cluster.nodes.get(0).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(ids(answer)).isEqualTo(newestFirst(leads).subList(0, 30));
    assertThat(cluster.nodes.get(0).pageReads.get()).isZero();
  }

  @Test
  void shouldReadAPageBeyondTheFirstHundredPositionsInASecondCall() {
    List<Lead> leads = leads(150);
    cluster = new StandbyCluster(leads, PLACEMENT, StandbyBound.OFF);

    ApiResponse answer = cluster.nodes.get(0).list("?page=2&limit=60", cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(total(answer)).isEqualTo(150);
    assertThat(ids(answer)).isEqualTo(newestFirst(leads).subList(60, 120));
    assertThat(cluster.nodes.get(0).pageReads.get()).isPositive();
  }

  @Test
  void shouldComputeThePageAgainWhenOneOfItsLeadsMovesBetweenPlacingAndReading() {
    List<Lead> leads = leads(150);
    cluster = new StandbyCluster(leads, PLACEMENT, StandbyBound.OFF);
    // a lead of the peer's partitions on page 2 (positions 60..119, newest first) moves to the end
    String moved =
        newestFirst(leads).subList(60, 120).stream()
            .filter(id -> IndexedApi.partitionOf(id) != 0)
            .findFirst()
            .orElseThrow();
    int partition = IndexedApi.partitionOf(moved);
    List<Lead> written =
        leads.stream()
            .map(
                lead ->
                    lead.id().equals(moved)
                        ? TestLeads.aLead(moved).createdAt(Instant.parse("2000-01-01T00:00:00Z")).build()
                        : lead)
            .toList();
    StandbyCluster.Node peer = cluster.nodes.get(1);
    cluster.nodes.get(0).beforeNextPageRead =
        () -> {
          peer.closeActive(partition);
          peer.openActive(partition, written);
        };

    ApiResponse answer = cluster.nodes.get(0).list("?page=2&limit=60", cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(ids(answer)).isEqualTo(newestFirst(written).subList(60, 120));
    assertThat(ids(answer)).doesNotContain(moved);
  }

  @Test
  void shouldReadTheFirstPageInASecondCallFromAPeerThatSendsNoLeadsWithItsPositions() {
    List<Lead> leads = leads(30);
    cluster = new StandbyCluster(leads, PLACEMENT, StandbyBound.OFF);
    cluster.nodes.get(0).sendingNoLeads.add(cluster.nodes.get(1).address());

    ApiResponse answer = cluster.nodes.get(0).list("?limit=20", cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(ids(answer)).isEqualTo(newestFirst(leads).subList(0, 20));
    assertThat(cluster.nodes.get(0).pageReads.get()).isPositive();
  }

  @Test
  void shouldPassEveryCharacterOfALeadSentWithItsPositionUnchanged() {
    List<Lead> leads = leads(30);
    cluster = new StandbyCluster(leads, PLACEMENT, StandbyBound.OFF);
    Map<String, Lead> byId = leads.stream().collect(Collectors.toMap(Lead::id, Function.identity()));

    ApiResponse answer = cluster.nodes.get(0).list("?limit=100", cluster.readKey());

    assertThat(answer.status()).isEqualTo(200);
    assertThat(cluster.nodes.get(0).pageReads.get()).isZero();
    for (JsonNode lead : answer.json().at("/data/leads")) {
      Lead sent = byId.get(lead.get("id").asText());
      assertThat(lead.get("firstName").asText()).isEqualTo(sent.firstName());
      assertThat(lead.get("lastName").asText()).isEqualTo(sent.lastName());
      assertThat(lead.get("company").asText()).isEqualTo(sent.company());
    }
  }

  /** {@code count} leads a minute apart, with awkward names in turn. */
  private static List<Lead> leads(int count) {
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                TestLeads.aLead("lead_" + i)
                    .firstName(AWKWARD_NAMES.get(i % AWKWARD_NAMES.size()))
                    .lastName(AWKWARD_NAMES.get((i + 1) % AWKWARD_NAMES.size()))
                    .company(AWKWARD_NAMES.get((i + 2) % AWKWARD_NAMES.size()))
                    .createdAt(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i * 60L))
                    .build())
            .toList();
  }

  /** The ids in the default order of an answer: newest first. */
  private static List<String> newestFirst(List<Lead> leads) {
    return leads.stream()
        .sorted(Comparator.comparing(Lead::createdAt).reversed())
        .map(Lead::id)
        .toList();
  }

  private static List<String> ids(ApiResponse answer) {
    List<String> ids = new ArrayList<>();
    answer.json().at("/data/leads").forEach(lead -> ids.add(lead.get("id").asText()));
    return ids;
  }
}
