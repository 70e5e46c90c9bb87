package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.testing.FreePorts;
import ai.buena.leads.testing.ServiceProcess;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} whose projection stopped for good exits with its own code, so that any supervisor
 * (compose's restart policy, systemd, Kubernetes) restarts it; runtime.md's {@code /health/live}
 * answers 200 while the process runs.
 */
class StoppedForGoodIT {
  private static final Duration DEADLINE = Duration.ofMinutes(3);
  private static final String SECRET = "stopped-for-good-it-secret-0123456789";

  @TempDir Path dir;

  @Test
  void shouldExitWithItsOwnCodeWhenANamesakeFencedItsProjection() {
    TestTopics.ensureDeclaredTopics();
    String applicationId = "it-stopped-" + UUID.randomUUID();
    List<Integer> ports = FreePorts.take(2);
    try (ServiceProcess first = serve("first", ports.get(0), applicationId);
        ServiceProcess second = serve("second", ports.get(1), applicationId)) {
      first.start();
      second.start();

      await().atMost(DEADLINE).until(() -> !first.isAlive() || !second.isAlive());
      ServiceProcess fenced = first.isAlive() ? second : first;

      assertThat(fenced.awaitExit(DEADLINE)).isEqualTo(ServeCommand.STOPPED_FOR_GOOD_EXIT);
    }
  }

  private ServiceProcess serve(String name, int port, String applicationId) {
    return ServiceProcess.serve(
        name,
        port,
        List.of(
            "--bootstrap-servers", SharedKafka.bootstrapServers(),
            "--data-dir", dir.resolve(name).toString(),
            "--application-id", applicationId,
            "--advertised-url", "http://localhost:" + port,
            "--cluster-secret", SECRET,
            "--instance-name", "twin",
            "--cap-replication"),
        dir.resolve("logs"));
  }
}
