package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.http.ServerOptions;
import ai.buena.leads.projection.Names;
import ai.buena.leads.testing.FreePorts;
import ai.buena.leads.testing.GeneratedWorkspace;
import ai.buena.leads.testing.HttpCalls;
import ai.buena.leads.testing.RunningApp;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart that remembers the partition count of {@code lead-events} starts its projection and
 * HTTP server while Kafka is still being checked, and answers from its start-up copies meanwhile.
 */
class EarlyStartIT {
  private static final String QUERY = "/api/v2/leads?limit=1";

  @TempDir Path dataDir;

  @Test
  void shouldAnswerStaleLabelledAndCompleteFromStartUpCopiesWhileKafkaIsStillBeingChecked()
      throws Exception {
    Stopped stopped = runOnceAndStop("ws_early_");
    CountDownLatch checksMayEnd = new CountDownLatch(1);
    AtomicBoolean checksEnded = new AtomicBoolean();

    CompletableFuture<LeadProjectionApp> starting =
        CompletableFuture.supplyAsync(
            () ->
                LeadProjectionApp.startWhileChecking(
                    stopped.config(),
                    ServerOptions.defaults(),
                    ProjectionService.preloadSnapshots(stopped.config()),
                    () -> {
                      awaitQuietly(checksMayEnd);
                      checksEnded.set(true);
                    }));
    HttpCalls.Answer early;
    try {
      early =
          await()
              .atMost(SharedKafka.DEADLINE)
              .ignoreExceptions()
              .until(() -> ask(stopped), answer -> answer.status() == 200);
      assertThat(checksEnded).isFalse();
    } finally {
      checksMayEnd.countDown();
    }

    try (LeadProjectionApp app = starting.get(SharedKafka.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
      assertThat(early.labelledStale()).isTrue();
      assertThat(total(early)).isEqualTo(stopped.workspace().liveLeads());
      assertThat(total(awaitUnlabelledAnswer(stopped))).isEqualTo(stopped.workspace().liveLeads());
    }
  }

  @Test
  void shouldStartAgainWithTheClusterPartitionCountWhenTheRememberedOneIsWrong() throws Exception {
    Stopped stopped = runOnceAndStop("ws_recount_");
    Path remembered =
        stopped.config().stateDir().resolve(stopped.config().applicationId()).resolve(Names.LEAD_EVENTS + ".partitions");
    String actual = Files.readString(remembered, StandardCharsets.US_ASCII);
    Files.writeString(remembered, Integer.toString(Integer.parseInt(actual) + 1), StandardCharsets.US_ASCII);

    try (LeadProjectionApp app =
        LeadProjectionApp.startWhileChecking(
            stopped.config(),
            ServerOptions.defaults(),
            ProjectionService.preloadSnapshots(stopped.config()),
            () -> {})) {
      assertThat(total(awaitUnlabelledAnswer(stopped))).isEqualTo(stopped.workspace().liveLeads());
      assertThat(Files.readString(remembered, StandardCharsets.US_ASCII)).isEqualTo(actual);
    }
  }

  private record Stopped(AppConfig config, GeneratedWorkspace workspace, String apiKey) {}

  /** A first run that ingests a workspace, then stops cleanly (snapshots, remembered count). */
  private Stopped runOnceAndStop(String workspacePrefix) {
    String workspace = workspacePrefix + Long.toHexString(System.nanoTime());
    int port = FreePorts.take(1).get(0);
    AppConfig config =
        new AppConfig(
            SharedKafka.bootstrapServers(),
            port,
            dataDir,
            SharedKafka.uniqueName("early-start"),
            "http://localhost:" + port,
            "test-cluster-secret-0123456789",
            "exactly_once_v2",
            1,
            1,
            0,
            Duration.ofDays(7),
            1000);
    TestTopics.ensureDeclaredTopics();
    String apiKey = ApiKeyFormat.generate();
    try (ApiKeyStore keys = new ApiKeyStore(SharedKafka.bootstrapServers())) {
      keys.createWithValue(apiKey, workspace, Set.of("leads:read"), "early start IT");
    }
    GeneratedWorkspace generated = GeneratedWorkspace.generate(23, workspace, 300);
    try (RunningApp app = RunningApp.start(config)) {
      generated.publish(SharedKafka.bootstrapServers());
      app.awaitLiveLeadsOf(generated);
      Stopped stopped = new Stopped(config, generated, apiKey);
      // the key is in this instance's global store before it stops, so its copy on disk holds it
      await().atMost(SharedKafka.DEADLINE).ignoreExceptions().until(() -> ask(stopped).status() == 200);
      return stopped;
    }
  }

  /** The first answer of the running projection: 200 without a staleness label. */
  private static HttpCalls.Answer awaitUnlabelledAnswer(Stopped stopped) {
    return await()
        .atMost(SharedKafka.DEADLINE)
        .ignoreExceptions()
        .until(() -> ask(stopped), answer -> answer.status() == 200 && !answer.labelledStale());
  }

  private static HttpCalls.Answer ask(Stopped stopped) {
    return HttpCalls.get(
        "http://localhost:" + stopped.config().httpPort() + QUERY, Map.of("x-api-key", stopped.apiKey()));
  }

  private static long total(HttpCalls.Answer answer) {
    return answer.json().path("data").path("pagination").path("total").asLong();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(SharedKafka.DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
