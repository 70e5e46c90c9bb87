package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.projection.LeadPartitioner;
import ai.buena.leads.testing.ClosedConnections;
import ai.buena.leads.testing.ServiceProcess;
import ai.buena.leads.testing.SharedKafka;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --partitions}: a cluster sized for more leads than the default six partitions hold. */
class PartitionsIT {
  private static final Duration DEADLINE = Duration.ofSeconds(120);
  private static final int PARTITIONS = 12;
  private static final int LEADS = 48;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir Path tmp;

  private ServiceProcess service;

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void shouldCreateThePerLeadTopicsWithTheGivenPartitionsAndServeLeadsOnAllOfThem() throws Exception {
    String prefix = PrefixedService.newPrefix("parts");
    String workspace = "ws_parts";
    String key = ApiKeyFormat.generate();
    int port = ServiceProcess.freePort();
    service =
        ServiceProcess.serve(
            "partitions",
            port,
            PrefixedService.serveArgs(
                prefix, tmp.resolve("data"), port, "partitions",
                List.of("--partitions", String.valueOf(PARTITIONS))),
            Path.of("target", "partitions-it"));
    service.start();
    PrefixedService.grantKey(prefix, key, workspace, Set.of("leads:read", "leads:write"), "partitions IT");

    assertThat(partitionsOf(prefix + "lead-events")).isEqualTo(PARTITIONS);
    assertThat(partitionsOf(prefix + "lead-projections")).isEqualTo(PARTITIONS);
    assertThat(partitionsOf(prefix + "lead-api-keys")).isEqualTo(1);

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < LEADS; i++) {
      int n = i;
      ids.add(await().atMost(DEADLINE).ignoreExceptions().until(() -> create(key, n), id -> id != null));
    }
    Set<Integer> partitionsUsed =
        ids.stream().map(id -> LeadPartitioner.partitionOf(id, PARTITIONS)).collect(Collectors.toSet());
    assertThat(partitionsUsed).anyMatch(partition -> partition >= 6);

    for (String id : ids) {
      await().atMost(DEADLINE).until(() -> get(key, "/api/v2/leads/" + id).statusCode() == 200);
    }
    JsonNode list = JSON.readTree(get(key, "/api/v2/leads?limit=100").body());
    assertThat(list.path("data").path("pagination").path("total").asLong()).isEqualTo(LEADS);
  }

  private String create(String key, int n) throws Exception {
    String body =
        JSON.writeValueAsString(
            Map.of("firstName", "Part" + n, "lastName", "Itioned", "email", "p" + n + "@example.com"));
    HttpResponse<String> response =
        HTTP.send(
            ClosedConnections.closeAfterAnswer(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v2/leads")))
                .header("x-api-key", key)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      return null;
    }
    return JSON.readTree(response.body()).path("data").path("id").asText();
  }

  private HttpResponse<String> get(String key, String path) throws Exception {
    return HTTP.send(
        ClosedConnections.closeAfterAnswer(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)))
            .header("x-api-key", key)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int partitionsOf(String topic) throws Exception {
    TopicDescription description =
        SharedKafka.admin().describeTopics(List.of(topic)).allTopicNames().get(60, TimeUnit.SECONDS).get(topic);
    return description.partitions().size();
  }
}
