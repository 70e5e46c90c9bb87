package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.projection.LeadTopology;
import ai.buena.leads.testing.GeneratedWorkspace;
import ai.buena.leads.testing.HttpCalls;
import ai.buena.leads.testing.RunningApp;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A changelog topic deleted under the running projection (shared test broker): the instance stops
 * answering and stops for good within a few checks, instead of answering later from stores that
 * Kafka Streams wiped and restored from an empty topic created anew (docs/reliability.md).
 */
class ChangelogWatchIT {
  /** Two checks {@link ChangelogWatch#INTERVAL} apart, and time for the deletion to take effect. */
  private static final Duration DETECTED_WITHIN = ChangelogWatch.INTERVAL.multipliedBy(4);

  @TempDir Path dataDir;

  @BeforeAll
  static void topics() {
    TestTopics.ensureDeclaredTopics();
  }

  @Test
  void shouldStopForGoodWhenItsLeadsChangelogIsDeletedWhileItRuns() throws Exception {
    String workspace = "ws_watch_" + UUID.randomUUID().toString().substring(0, 8);
    GeneratedWorkspace generated = GeneratedWorkspace.generate(61, workspace, 40);
    AppConfig config = RunningApp.config(SharedKafka.uniqueName("changelog-watch"), dataDir, "exactly_once_v2");
    String key = apiKeyFor(workspace);
    try (RunningApp app = RunningApp.start(config)) {
      generated.publish(SharedKafka.bootstrapServers());
      app.awaitLiveLeadsOf(generated);
      String leadsChangelog = LeadTopology.changelogTopics(config.applicationId()).get(0);
      await()
          .atMost(SharedKafka.DEADLINE)
          .until(() -> RememberedChangelogs.read(RememberedChangelogs.file(config)).containsKey(leadsChangelog));
      assertThat(list(app, key).status()).isEqualTo(200);

      SharedKafka.admin().deleteTopics(List.of(leadsChangelog)).all().get(60, TimeUnit.SECONDS);

      await().atMost(DETECTED_WITHIN).until(() -> app.app().projection().stoppedForGood());
      assertThat(app.app().projection().readiness().reason())
          .contains(leadsChangelog + " was deleted")
          .contains("reprocess from scratch");
      assertThat(list(app, key).status()).isEqualTo(503);
      assertThat(health(app, "/health/live").status()).isEqualTo(503);
    }
  }

  @Test
  void shouldRememberTheChangelogsItRanWithForTheNextStartsCheck() throws Exception {
    GeneratedWorkspace generated = GeneratedWorkspace.generate(62, "ws_watch_" + UUID.randomUUID().toString().substring(0, 8), 10);
    AppConfig config = RunningApp.config(SharedKafka.uniqueName("changelog-memory"), dataDir, "exactly_once_v2");
    try (RunningApp app = RunningApp.start(config)) {
      generated.publish(SharedKafka.bootstrapServers());
      app.awaitLiveLeadsOf(generated);

      List<String> changelogs = LeadTopology.changelogTopics(config.applicationId());
      await()
          .atMost(SharedKafka.DEADLINE)
          .until(() -> RememberedChangelogs.read(RememberedChangelogs.file(config)).keySet().containsAll(changelogs));
      Map<String, Uuid> remembered = RememberedChangelogs.read(RememberedChangelogs.file(config));
      for (String changelog : changelogs) {
        assertThat(remembered.get(changelog))
            .isEqualTo(
                SharedKafka.admin()
                    .describeTopics(List.of(changelog))
                    .allTopicNames()
                    .get(60, TimeUnit.SECONDS)
                    .get(changelog)
                    .topicId());
      }
      assertThat(app.app().projection().stoppedForGood()).isFalse();
    }
  }

  private static HttpCalls.Answer list(RunningApp app, String key) {
    return HttpCalls.get(
        "http://localhost:" + app.app().httpPort() + "/api/v2/leads?limit=5", Map.of("x-api-key", key));
  }

  private static HttpCalls.Answer health(RunningApp app, String path) {
    return HttpCalls.get("http://localhost:" + app.app().httpPort() + path, Map.of());
  }

  private static String apiKeyFor(String workspace) {
    String key = ApiKeyFormat.generate();
    try (ApiKeyStore keys = new ApiKeyStore(SharedKafka.bootstrapServers())) {
      keys.createWithValue(key, workspace, Set.of("leads:read"), "changelog watch IT");
    }
    return key;
  }
}
