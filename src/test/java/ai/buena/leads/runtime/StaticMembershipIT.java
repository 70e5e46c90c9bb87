package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.testing.FreePorts;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Static members of one group, in this JVM on the shared broker. */
class StaticMembershipIT {
  private static final Duration DEADLINE = Duration.ofMinutes(3);
  private static final String SECRET = "static-membership-it-secret-0123456789";

  @TempDir Path dataDir;
  private final String applicationId = "it-static-" + UUID.randomUUID();
  private final List<LeadProjectionApp> apps = new ArrayList<>();

  @BeforeAll
  static void topics() {
    TestTopics.ensureDeclaredTopics();
  }

  @AfterEach
  void stopEveryInstance() {
    apps.forEach(LeadProjectionApp::close);
  }

  @Test
  void shouldStopOneOfTwoInstancesThatShareAnInstanceNameForGood() {
    List<Integer> ports = FreePorts.take(2);
    LeadProjectionApp first = start("first", ports.get(0), "twin");
    LeadProjectionApp second = start("second", ports.get(1), "twin");

    await()
        .atMost(DEADLINE)
        .until(
            () ->
                !first.projection().readiness().live() || !second.projection().readiness().live());

    assertThat(List.of(first, second))
        .as("instances still live")
        .filteredOn(app -> app.projection().readiness().live())
        .hasSize(1);
  }

  @Test
  void shouldNotJoinTheGroupWhenItCannotServeOnItsPort() throws Exception {
    int port = FreePorts.take(1).get(0);
    LeadProjectionApp first = start("first", port, "twin");
    assertThat(first.awaitRunning(DEADLINE)).isTrue();

    assertThatThrownBy(() -> start("second", port, "twin")).isInstanceOf(RuntimeException.class);

    await()
        .during(Duration.ofSeconds(5))
        .atMost(Duration.ofSeconds(30))
        .until(() -> first.projection().readiness().live());
  }

  private LeadProjectionApp start(String name, int port, String instanceName) {
    AppConfig config =
        new AppConfig(
                SharedKafka.bootstrapServers(),
                port,
                dataDir.resolve(name),
                applicationId,
                "http://localhost:" + port,
                SECRET,
                "exactly_once_v2",
                1,
                1,
                0,
                Duration.ofDays(7),
                1000)
            .withLifecycle(
                new Lifecycle(Optional.of(instanceName), Duration.ofSeconds(30), false, Duration.ZERO));
    LeadProjectionApp app = LeadProjectionApp.start(config);
    apps.add(app);
    return app;
  }
}
