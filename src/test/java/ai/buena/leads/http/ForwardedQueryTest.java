package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.query.HostAddress;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.PartialAnswer;
import ai.buena.leads.query.SortField;
import ai.buena.leads.query.SortKey;
import ai.buena.leads.query.SortOrder;
import ai.buena.leads.query.TestLeads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What one instance asks another over the internal routes, over real HTTP: any query the public
 * edge accepts is answered by the receiving instance, as it would be locally.
 */
class ForwardedQueryTest {
  private static IndexedApi api;
  private static TwoInstances cluster;
  private static HostAddress host;
  private static final HttpRemoteInstances remote =
      new HttpRemoteInstances(IndexedApi.CLUSTER_SECRET, Duration.ofSeconds(20));

  @BeforeAll
  static void start() {
    List<Lead> leads =
        List.of(
            TestLeads.aLead("lead_1").firstName("\uD83D\uDE00 Ann").build(),
            TestLeads.aLead("lead_2").firstName("e\u0301mile").build(),
            TestLeads.aLead("lead_3").firstName("Zoë").build(),
            TestLeads.aLead("lead_4").firstName("Otto").build(),
            TestLeads.aLead("lead_5").createdAt(Instant.parse("0000-01-01T00:00:00Z")).build(),
            TestLeads.aLead("lead_6").createdAt(Instant.parse("2024-01-15T10:30:00.120Z")).build(),
            TestLeads.aLead("lead_7").createdAt(Instant.parse("2024-01-15T10:30:00.000123Z")).build(),
            TestLeads.aLead("lead_8").createdAt(Instant.parse("9999-12-31T23:59:59.999999999Z")).build(),
            TestLeads.aLead("lead_9").createdAt(Instant.parse("+10000-01-01T00:00:00Z")).build());
    api = new IndexedApi(leads);
    cluster = new TwoInstances(leads);
    host = new HostAddress("localhost", api.port());
  }

  @AfterAll
  static void stop() {
    api.close();
    cluster.close();
  }

  @Test
  void shouldAnswerAForwardedQueryWithTheLatestAndEarliestDatesTheEdgeAccepts() throws Exception {
    LeadQuery query =
        parsed(
            Map.of(
                "createdAfter", "0000-01-01T00:00:00+18:00",
                "createdBefore", "9999-12-31T23:59:59-18:00",
                "lastContactedBefore", "9999-12-31T23:59:59.999999999-18:00"));

    assertThat(partial(query)).isEqualTo(api.engine.partial(TestLeads.WORKSPACE, query, Set.of(0, 1, 2)));
  }

  @Test
  void shouldSendEveryInstantSortKeyToTheAskingInstanceAsItIs() throws Exception {
    LeadQuery query = LeadQuery.builder().sortBy(SortField.CREATED_AT).sortOrder(SortOrder.ASC).limit(100).build();

    PartialAnswer forwarded = partial(query);

    assertThat(forwarded.first()).hasSize(9);
    assertThat(forwarded).isEqualTo(api.engine.partial(TestLeads.WORKSPACE, query, Set.of(0, 1, 2)));
  }

  @Test
  void shouldAnswerAForwardedQueryWhoseTextGrowsWhenLowerCased() throws Exception {
    String dottedCapitalIs = "İ".repeat(200);
    LeadQuery query =
        parsed(Map.of("company", dottedCapitalIs, "title", dottedCapitalIs, "search", dottedCapitalIs));

    assertThat(partial(query).total()).isZero();
  }

  @Test
  void shouldAnswerAForwardedCursorQueryWhosePositionHoldsFourByteCharacters() throws Exception {
    LeadQuery query =
        LeadQuery.builder()
            .sortBy(SortField.FIRST_NAME)
            .sortOrder(SortOrder.ASC)
            .after(new SortKey("\uD83D\uDE00 ann", "lead_1"))
            .build();

    assertThat(partial(query)).isEqualTo(api.engine.partial(TestLeads.WORKSPACE, query, Set.of(0, 1, 2)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "?createdBefore=9999-12-31T23:59:59-18:00",
        "?createdAfter=0000-01-01T00:00:00%2B18:00&lastContactedBefore=9999-12-31T23:59:59.999999999-18:00",
        "?search=%F0%9F%98%80&sortBy=firstName"
      })
  void shouldAnswerExtremeQueriesOnEveryInstanceAsOneInstanceHoldingEverything(String query) {
    String key = cluster.keys.issue(TestLeads.WORKSPACE, "leads:read");
    String singleKey = api.keys.issue(TestLeads.WORKSPACE, "leads:read");
    ApiResponse expected = api.list(query, singleKey);

    for (IndexedApi instance : List.of(cluster.first, cluster.second)) {
      ApiResponse actual = instance.list(query, key);
      assertThat(actual.status()).as("%s: %s", query, actual.body()).isEqualTo(expected.status());
      assertThat(actual.json().at("/data/leads")).isEqualTo(expected.json().at("/data/leads"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"lead_1", "lead_2", "lead_404", "x", "%F0%9F%98%80", "a%2Fb", "a%20b"})
  void shouldAnswerALeadByIdOnEveryInstanceAsOneInstanceHoldingEverything(String id) {
    String key = cluster.keys.issue(TestLeads.WORKSPACE, "leads:read");
    String singleKey = api.keys.issue(TestLeads.WORKSPACE, "leads:read");
    int expected = api.get("/api/v2/leads/" + id, Authenticator.HEADER, singleKey).status();

    for (IndexedApi instance : List.of(cluster.first, cluster.second)) {
      assertThat(instance.get("/api/v2/leads/" + id, Authenticator.HEADER, key).status())
          .as(id)
          .isEqualTo(expected);
    }
  }

  @Test
  void shouldAnswerALongLeadIdOnEveryInstanceAsNotFound() {
    String key = cluster.keys.issue(TestLeads.WORKSPACE, "leads:read");
    String longId = "x".repeat(9000);

    for (IndexedApi instance : List.of(cluster.first, cluster.second, api)) {
      ApiResponse response =
          instance.get(
              "/api/v2/leads/" + longId,
              Authenticator.HEADER,
              instance == api ? api.keys.issue(TestLeads.WORKSPACE, "leads:read") : key);
      assertThat(response.status()).as(response.body()).isEqualTo(404);
    }
  }

  private static PartialAnswer partial(LeadQuery query) throws Exception {
    return remote.partial(host, TestLeads.WORKSPACE, query, Set.of(0, 1, 2)).get(20, TimeUnit.SECONDS);
  }

  private static LeadQuery parsed(Map<String, String> params) {
    Map<String, List<String>> raw = new java.util.LinkedHashMap<>();
    params.forEach((name, value) -> raw.put(name, List.of(value)));
    ListLeadsParams.ParseResult result =
        ListLeadsParams.parse(raw, CursorSignatures.withRandomKey());
    assertThat(result).isInstanceOf(ListLeadsParams.ParseResult.Valid.class);
    return ((ListLeadsParams.ParseResult.Valid) result).query();
  }
}
