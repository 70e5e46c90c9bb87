package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.http.ApiServer;
import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.testing.AvailabilityPoller;
import ai.buena.leads.testing.AvailabilityPoller.Kind;
import ai.buena.leads.testing.GeneratedWorkspace;
import ai.buena.leads.testing.HttpCalls;
import ai.buena.leads.testing.ServiceCluster;
import ai.buena.leads.testing.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the real service ({@code java -jar ... serve} as a child process): it first says not
 * ready, keeps answering through the drain period, then stops taking requests, closes Kafka
 * Streams and exits. The broker (this JVM's own for the class) and the data outlive the process.
 */
class CleanStopIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final Duration DRAIN = Duration.ofSeconds(4);
  private static final String SECRET = "clean-stop-it-cluster-secret-0123456789";
  private static final String WORKSPACE = "ws_clean_stop";
  private static final String QUERY = "/api/v2/leads?limit=5";

  @TempDir static Path shared;
  private static EmbeddedKafkaBroker kafka;
  private static GeneratedWorkspace data;
  private static String key;

  @TempDir Path dir;
  private ServiceCluster cluster;
  private ServiceProcess service;

  @BeforeAll
  static void brokerAndData() {
    kafka = EmbeddedKafkaBroker.start(shared.resolve("kafka"), 0);
    ServiceCluster.provisionTopics(kafka.bootstrapServers());
    data = GeneratedWorkspace.generate(7, WORKSPACE, 500);
    data.publish(kafka.bootstrapServers());
    key = ServiceCluster.createReadKey(kafka.bootstrapServers(), WORKSPACE);
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @BeforeEach
  void startServiceWithADrainPeriod(TestInfo test) {
    cluster =
        new ServiceCluster(
            kafka.bootstrapServers(),
            "clean-stop-" + UUID.randomUUID(),
            SECRET,
            dir,
            Path.of("target", "clean-stop", test.getTestMethod().orElseThrow().getName()),
            List.of("--drain-period", DRAIN.toString()),
            List.of("-Xmx384m"));
    service = cluster.start(cluster.add("single"));
    cluster.awaitReady(service, DEADLINE);
    ServiceCluster.awaitTotal(service, QUERY, key, data.liveLeads(), DEADLINE);
  }

  @AfterEach
  void stopService() {
    cluster.close();
  }

  @Test
  void shouldAnswerNotReadyButStillAnswerQueriesDuringTheDrainPeriod() {
    service.sigterm();

    await()
        .atMost(DRAIN)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> HttpCalls.get(service.baseUrl() + "/health/ready", Map.of()).status() == 503);
    HttpCalls.Answer query = HttpCalls.get(service.baseUrl() + QUERY, Map.of("x-api-key", key));

    assertThat(query.status()).isEqualTo(200);
    assertThat(query.json().path("data").path("pagination").path("total").asLong())
        .isEqualTo(data.liveLeads());
  }

  @Test
  void shouldAnswerEveryRequestCompletelyUntilItStopsTakingRequests() {
    // After the drain period the port closes while open connections are still answered, each
    // closed after its answer: a request then finds no listener (refused); never a 503 (not even
    // INSTANCE_STOPPING), a 500 or a partial answer.
    List<AvailabilityPoller.Observation> seen;
    long terminated;
    try (AvailabilityPoller poller =
        AvailabilityPoller.start(
            cluster.targets(), QUERY, key, data.liveLeads(), Duration.ofMillis(20))) {
      await().atMost(DEADLINE).until(() -> !poller.observations().isEmpty());
      terminated = System.nanoTime();
      service.sigterm();
      service.awaitExit(DEADLINE);
      seen = poller.between(terminated, Long.MAX_VALUE);
    }

    Map<Kind, Long> kinds = AvailabilityPoller.count(seen);
    assertThat(kinds.get(Kind.COMPLETE)).as("complete answers after SIGTERM").isPositive();
    assertThat(seen)
        .as("answers after SIGTERM: %s", kinds)
        .allMatch(
            o -> o.kind() == Kind.COMPLETE || o.kind() == Kind.REFUSED);
  }

  @Test
  void shouldExitAfterTheDrainPeriodWithinTheStopBound() {
    long terminated = System.nanoTime();
    service.sigterm();
    int exit = service.awaitExit(DEADLINE);
    Duration took = Duration.ofNanos(System.nanoTime() - terminated);

    System.out.println("MEASURED clean stop: SIGTERM to exit " + took.toMillis() + " ms, exit " + exit);
    assertThat(took)
        .isGreaterThanOrEqualTo(DRAIN)
        .isLessThan(DRAIN.plus(ApiServer.STOP_TIMEOUT).plus(ProjectionService.CLOSE_TIMEOUT));
    // 128 + 15: the JVM ended on the signal, after its shutdown hook closed everything.
    assertThat(exit).isEqualTo(143);
  }
}
