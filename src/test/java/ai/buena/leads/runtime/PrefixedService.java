package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.testing.ClosedConnections;
import ai.buena.leads.testing.ServiceProcess;
import ai.buena.leads.testing.SharedKafka;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A {@code serve} process on the shared broker under topics of its own (a fresh topic prefix),
 * as the process tests start it: its options, an API key once it has created its key topic, and
 * the leads it lists.
 */
final class PrefixedService {
  private static final Duration KEY_TOPIC_DEADLINE = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private PrefixedService() {}

  /** A prefix no other test uses, e.g. {@code codecs-1a2b3c4d.}. */
  static String newPrefix(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8) + ".";
  }

  /** {@code serve}'s options for {@code prefix} on the shared broker, then {@code more}. */
  static List<String> serveArgs(String prefix, Path dataDir, int port, String name, List<String> more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers", SharedKafka.bootstrapServers(),
                "--data-dir", dataDir.toString(),
                "--application-id", prefix + "app",
                "--topic-prefix", prefix,
                "--advertised-url", "http://localhost:" + port,
                "--cluster-secret", name + "-cluster-secret-0123456789",
                "--cap-replication"));
    args.addAll(more);
    return args;
  }

  /** Waits for the service to create its key topic, then stores {@code key} for {@code workspace}. */
  static void grantKey(String prefix, String key, String workspace, Set<String> scopes, String label) {
    String topic = prefix + "lead-api-keys";
    await().atMost(KEY_TOPIC_DEADLINE).ignoreExceptions().until(() -> topicExists(topic));
    try (ApiKeyStore keys = new ApiKeyStore(SharedKafka.bootstrapServers(), topic)) {
      keys.createWithValue(key, workspace, scopes, label);
    }
  }

  private static boolean topicExists(String topic) throws Exception {
    return SharedKafka.admin().listTopics().names().get(60, TimeUnit.SECONDS).contains(topic);
  }

  /** The ids of the first 100 leads {@code service} lists for {@code key}; fails on any status but 200. */
  static Set<String> listedIds(ServiceProcess service, String key) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HTTP.send(
            ClosedConnections.closeAfterAnswer(
                    HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v2/leads?limit=100")))
                .header("x-api-key", key)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Set<String> ids = new TreeSet<>();
    for (JsonNode lead : JSON.readTree(response.body()).path("data").path("leads")) {
      ids.add(lead.path("id").asText());
    }
    return ids;
  }
}
