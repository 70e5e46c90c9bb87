package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.TestLeads;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The internal share of a deep page asked for a window: the run of matches around the instance's
 * share of the offset, with the position it starts at; a window given in part or out of bounds is
 * refused with 400 naming the parameter.
 */
class WindowRoutesTest {
  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");
  private static final int LEADS = 3_000;

  private static IndexedApi instance;

  @BeforeAll
  static void start() {
    List<Lead> leads = new ArrayList<>();
    for (int i = 0; i < LEADS; i++) {
      leads.add(
          TestLeads.aLead(String.format("lead_%05d", i))
              .createdAt(BASE.plusSeconds(i))
              .updatedAt(BASE.plusSeconds(i))
              .build());
    }
    instance = new IndexedApi(leads);
  }

  @AfterAll
  static void stop() {
    instance.close();
  }

  @Test
  void shouldSendTheRunAroundItsShareOfTheOffsetWithThePositionItStartsAt() {
    // it holds every match: its share of offset 2,000 is position 2,000, the run 4 deviations
    // of none (a share of 1) and 16 positions before it
    ApiResponse answer = partials("&windowOffset=2000&windowTotal=3000&windowSigmas=4");

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().get("total").asLong()).isEqualTo(LEADS);
    assertThat(answer.json().get("from").asLong()).isEqualTo(1_984);
    JsonNode keys = answer.json().get("keys");
    assertThat(keys).hasSize(16 + 16 + 10 + 1);
    // the default order, createdAt descending: position p is lead 2999 - p
    assertThat(keys.get(0).get(2).asText()).isEqualTo(String.format("lead_%05d", LEADS - 1 - 1_984));
    assertThat(keys.get(keys.size() - 1).get(2).asText())
        .isEqualTo(String.format("lead_%05d", LEADS - 1 - (1_984 + keys.size() - 1)));
  }

  @Test
  void shouldRefuseAWindowGivenInPart() {
    ApiResponse answer = partials("&windowOffset=2000&windowSigmas=4");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().at("/details/invalidParams").fieldNames()).toIterable().containsExactly("windowTotal");
  }

  @Test
  void shouldRefuseAWindowOfMoreThan64Deviations() {
    ApiResponse answer = partials("&windowOffset=2000&windowTotal=3000&windowSigmas=65");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().at("/details/invalidParams").fieldNames()).toIterable().containsExactly("windowSigmas");
  }

  private static ApiResponse partials(String window) {
    return instance.get(
        InternalRoutes.PARTIALS + "?workspace=" + TestLeads.WORKSPACE + "&partitions=0,1,2" + window,
        Authenticator.CLUSTER_HEADER,
        IndexedApi.CLUSTER_SECRET);
  }
}
