package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RememberedPartitionsTest {
  @TempDir Path dataDir;

  @Test
  void shouldReadTheCountItWrote() {
    RememberedPartitions.write(config(), 12);

    assertThat(RememberedPartitions.read(config())).hasValue(12);
  }

  @Test
  void shouldRememberNothingBeforeTheFirstStart() {
    assertThat(RememberedPartitions.read(config())).isEmpty();
  }

  @Test
  void shouldIgnoreAFileThatHoldsNoPositiveCount() throws Exception {
    RememberedPartitions.write(config(), 6);
    Path file = config().stateDir().resolve("app").resolve("lead-events.partitions");

    Files.writeString(file, "six");
    assertThat(RememberedPartitions.read(config())).isEmpty();
    Files.writeString(file, "0");
    assertThat(RememberedPartitions.read(config())).isEmpty();
  }

  private AppConfig config() {
    return new AppConfig(
        "localhost:9092", 0, dataDir, "app", "http://localhost:1", "test-cluster-secret-0123456789",
        "exactly_once_v2", 1, 1, 0, Duration.ofDays(7), 1000);
  }
}
