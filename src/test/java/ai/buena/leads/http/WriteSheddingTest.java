package ai.buena.leads.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WriteSheddingTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private static final int READ_PERMITS = 1;
  private static final int WRITE_PERMITS =
      READ_PERMITS * LoadShedding.WRITE_PERMITS_PER_READ_PERMIT;
  private static final String NEW_LEAD =
      "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\"}";

  private WritingApi api;
  private String key;
  private QueryHold held;

  @BeforeEach
  void startServerWithOneReadInFlight() {
    api = new WritingApi(ServerOptions.defaults().withMaxInFlight(READ_PERMITS));
    key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read", "leads:write");
  }

  @AfterEach
  void stopServer() {
    if (held != null) {
      held.release();
    }
    api.close();
  }

  private CompletableFuture<ApiResponse> create() {
    return CompletableFuture.supplyAsync(() -> api.send("POST", ApiServer.LEADS, key, NEW_LEAD));
  }

  @Test
  void admitsMoreWritesAtOnceThanQueries() throws Exception {
    held = api.events.holdAppends();
    List<CompletableFuture<ApiResponse>> writes = new ArrayList<>();
    for (int i = 0; i < WRITE_PERMITS; i++) {
      writes.add(create());
    }

    assertThat(held.awaitEntered(WRITE_PERMITS, DEADLINE)).isTrue();
    held.release();
    for (CompletableFuture<ApiResponse> write : writes) {
      assertThat(write.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).status()).isEqualTo(201);
    }
  }

  @Test
  void shedsAWriteBeyondTheWritePool() throws Exception {
    held = api.events.holdAppends();
    for (int i = 0; i < WRITE_PERMITS; i++) {
      create();
    }
    assertThat(held.awaitEntered(WRITE_PERMITS, DEADLINE)).isTrue();

    ApiResponse shed = api.send("POST", ApiServer.LEADS, key, NEW_LEAD);

    assertThat(shed.status()).isEqualTo(503);
    assertThat(shed.body()).contains(LoadShedding.MESSAGE);
  }

  @Test
  void answersQueriesWhileWritesFillTheirPool() throws Exception {
    held = api.events.holdAppends();
    for (int i = 0; i < WRITE_PERMITS; i++) {
      create();
    }
    assertThat(held.awaitEntered(WRITE_PERMITS, DEADLINE)).isTrue();

    assertThat(api.send("GET", ApiServer.LEADS, key, null).status()).isEqualTo(200);
  }
}
