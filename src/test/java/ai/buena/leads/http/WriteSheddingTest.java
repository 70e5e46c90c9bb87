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
  private final List<String> keysOfOneWorkspaceEach = new ArrayList<>();
  private QueryHold held;

  @BeforeEach
  void startServerWithOneReadInFlight() {
    api = new WritingApi(ServerOptions.defaults().withAdmissionWait(Duration.ZERO).withMaxInFlight(READ_PERMITS));
    key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read", "leads:write");
    keysOfOneWorkspaceEach.add(key);
    keysOfOneWorkspaceEach.add(api.keys.issue(WorkspaceLeads.BETA, "leads:read", "leads:write"));
    for (int i = 2; i < WRITE_PERMITS; i++) {
      keysOfOneWorkspaceEach.add(api.keys.issue("ws_writer_" + i, "leads:read", "leads:write"));
    }
  }

  @AfterEach
  void stopServer() {
    if (held != null) {
      held.release();
    }
    api.close();
  }

  /**
   * The i-th create, in a workspace of its own: a workspace holding a permit may not take one of
   * the quarter of the pool kept for workspaces holding none, so one workspace per write fills it.
   */
  private CompletableFuture<ApiResponse> create(int i) {
    String withKey = keysOfOneWorkspaceEach.get(i);
    return CompletableFuture.supplyAsync(() -> api.send("POST", ApiServer.LEADS, withKey, NEW_LEAD));
  }

  @Test
  void admitsMoreWritesAtOnceThanQueries() throws Exception {
    held = api.events.holdAppends();
    List<CompletableFuture<ApiResponse>> writes = new ArrayList<>();
    for (int i = 0; i < WRITE_PERMITS; i++) {
      writes.add(create(i));
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
      create(i);
    }
    assertThat(held.awaitEntered(WRITE_PERMITS, DEADLINE)).isTrue();

    ApiResponse shed = api.send("POST", ApiServer.LEADS, key, NEW_LEAD);

    assertThat(shed.status()).isEqualTo(503);
    assertThat(shed.body()).contains(LoadShedding.MESSAGE);
  }

  @Test
  void shedsAWorkspacesWritesBeyondHalfTheWritePool() throws Exception {
    held = api.events.holdAppends();
    for (int i = 0; i < WRITE_PERMITS / 2; i++) {
      create(0);
    }
    assertThat(held.awaitEntered(WRITE_PERMITS / 2, DEADLINE)).isTrue();

    ApiResponse shed = api.send("POST", ApiServer.LEADS, key, NEW_LEAD);
    CompletableFuture<ApiResponse> other = create(1);

    assertThat(shed.status()).isEqualTo(503);
    assertThat(held.awaitEntered(1, DEADLINE)).isTrue();
    held.release();
    assertThat(other.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).status()).isEqualTo(201);
  }

  @Test
  void answersQueriesWhileWritesFillTheirPool() throws Exception {
    held = api.events.holdAppends();
    for (int i = 0; i < WRITE_PERMITS; i++) {
      create(i);
    }
    assertThat(held.awaitEntered(WRITE_PERMITS, DEADLINE)).isTrue();

    assertThat(api.send("GET", ApiServer.LEADS, key, null).status()).isEqualTo(200);
  }

  @Test
  void letsAWriteBeyondItsWorkspacesShareWaitAndAnswersItOnceAPermitIsFree() throws Exception {
    api.close();
    api =
        new WritingApi(
            ServerOptions.defaults()
                .withMaxInFlight(READ_PERMITS)
                .withAdmissionWait(ServerOptions.MAX_ADMISSION_WAIT));
    key = api.keys.issue(WorkspaceLeads.ALPHA, "leads:read", "leads:write");
    held = api.events.holdAppends();
    List<CompletableFuture<ApiResponse>> writes = new ArrayList<>();
    for (int i = 0; i < WRITE_PERMITS / 2; i++) {
      writes.add(CompletableFuture.supplyAsync(() -> api.send("POST", ApiServer.LEADS, key, NEW_LEAD)));
    }
    assertThat(held.awaitEntered(WRITE_PERMITS / 2, DEADLINE)).isTrue();

    CompletableFuture<ApiResponse> waiting =
        CompletableFuture.supplyAsync(() -> api.send("POST", ApiServer.LEADS, key, NEW_LEAD));

    assertThat(held.awaitEntered(1, Duration.ofMillis(500)))
        .as("the write beyond the share waits in front of the append")
        .isFalse();
    held.release();
    writes.add(waiting);
    for (CompletableFuture<ApiResponse> write : writes) {
      assertThat(write.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS).status()).isEqualTo(201);
    }
  }
}
