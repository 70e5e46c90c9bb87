package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.http.Readiness.Status;
import ai.buena.leads.query.TestLeads;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The internal routes over real HTTP: only the full cluster secret opens them. */
class ClusterCredentialTest {
  private static final String INTERNAL_LEAD =
      "/internal/v1/leads/lead_1?workspace=" + TestLeads.WORKSPACE;

  private static IndexedApi api;

  @BeforeAll
  static void start() {
    api = new IndexedApi(List.of(TestLeads.aLead("lead_1").build()));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void shouldOpenTheInternalRoutesToTheClusterSecret() {
    assertThat(api.get(INTERNAL_LEAD, Authenticator.CLUSTER_HEADER, IndexedApi.CLUSTER_SECRET).status())
        .isEqualTo(200);
  }

  @Test
  void shouldRefuseAnInternalCallWithoutTheHeader() {
    assertThat(api.get(INTERNAL_LEAD).status()).isEqualTo(401);
  }

  @Test
  void shouldCheckAHeadRequestOnAnInternalRouteAsItsGet() {
    assertThat(api.send("HEAD", INTERNAL_LEAD).status()).isEqualTo(401);
    ApiResponse opened =
        api.send("HEAD", INTERNAL_LEAD, Authenticator.CLUSTER_HEADER, IndexedApi.CLUSTER_SECRET);

    assertThat(opened.status()).isEqualTo(200);
    assertThat(opened.body()).isEmpty();
  }

  @Test
  void shouldRefuseACallAskingWhetherAnEventWasAppliedWithoutTheHeader() {
    ApiResponse refused = api.get("/internal/v1/applied-event?lead=lead_1&event=evt_1");

    assertThat(refused.status()).isEqualTo(401);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "indexed-api-cluster-secret-012", "indexed-api-cluster-secret-01234"})
  void shouldRefuseAnInternalCallWithAnyOtherHeaderValue(String presented) {
    assertThat(api.get(INTERNAL_LEAD, Authenticator.CLUSTER_HEADER, presented).status()).isEqualTo(401);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "fifteen-chars-x"})
  void shouldRefuseToStartWithAnEmptyOrShortClusterSecret(String secret) {
    TestLeadQueries queries = new TestLeadQueries(List.of());

    assertThatThrownBy(
            () ->
                ApiServer.start(
                    0, Status::ok, queries, new TestKeys(), api.engine, secret, null,
                    ServerOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16 characters");
  }
}
