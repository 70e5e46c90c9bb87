package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.query.TestLeads;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A page past the deep-page threshold of a workspace without leads, over real HTTP and engine. */
class EmptyWorkspaceDeepPageTest {
  private static IndexedApi api;
  private static String emptyWorkspaceKey;

  @BeforeAll
  static void start() {
    api = new IndexedApi(List.of(TestLeads.aLead("lead_1").build()));
    emptyWorkspaceKey = api.keys.issue("ws_empty", "leads:read");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"?page=101", "?limit=100&page=11", "?page=2147483647", "?limit=1&page=1001&sortBy=firstName"})
  void shouldAnswerAnEmptyPageForADeepPageOfAnEmptyWorkspace(String query) {
    ApiResponse response = api.list(query, emptyWorkspaceKey);

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().at("/data/leads")).isEmpty();
    assertThat(response.json().at("/data/pagination/total").asLong()).isZero();
  }
}
