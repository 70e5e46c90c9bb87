package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * runtime.md: flags override environment variables, which override defaults. Observed through the
 * built jar's validation, which runs before it connects anywhere: the value that is refused tells
 * which source won.
 */
class ConfigurationPrecedenceIT {
  private static final Path JAR = Path.of("target", "lead-projection.jar");

  private record Run(int exit, String err) {}

  private static Run serve(Map<String, String> env, String... flags) throws Exception {
    List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toString(), "serve"));
    command.addAll(List.of("--bootstrap-servers", "localhost:1", "--cluster-secret", "0123456789abcdef0123"));
    command.addAll(List.of(flags));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("serve did not exit on a bad configuration");
    }
    return new Run(process.exitValue(), new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void shouldTakeAnEnvironmentVariableOverTheDefault() throws Exception {
    Run run = serve(Map.of("PROCESSING_GUARANTEE", "bogus"));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--processing-guarantee");
  }

  @Test
  void shouldTakeAFlagOverTheEnvironmentVariable() throws Exception {
    Run run =
        serve(
            Map.of("PROCESSING_GUARANTEE", "bogus", "RATE_LIMITS", "lots"),
            "--processing-guarantee", "at_least_once");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("--processing-guarantee").contains("--rate-limits");
  }

  @Test
  void shouldTakeTheKafkaConfigFileFromTheEnvironment() throws Exception {
    Run run = serve(Map.of("KAFKA_CONFIG_FILE", "/nonexistent/env-client.properties"));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--kafka-config /nonexistent/env-client.properties cannot be read");
  }

  @Test
  void shouldTakeTheKafkaConfigFlagOverTheEnvironment() throws Exception {
    Run run =
        serve(
            Map.of("KAFKA_CONFIG_FILE", "/nonexistent/env-client.properties"),
            "--kafka-config", "/nonexistent/flag-client.properties");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains("/nonexistent/flag-client.properties")
        .doesNotContain("env-client.properties");
  }

  @Test
  void shouldTakeTopicNamesFlagsOverTheEnvironment() throws Exception {
    Run run =
        serve(
            Map.of("TOPIC_NAMES", "no-such-topic=x", "RATE_LIMITS", "lots"),
            "--topic-name", "lead-events=crm.leads.events");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).doesNotContain("no-such-topic").contains("--rate-limits");
  }

  @Test
  void shouldTakeTopicNamesFromTheEnvironment() throws Exception {
    Run run = serve(Map.of("TOPIC_NAMES", "no-such-topic=x"));

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("unknown topic no-such-topic");
  }
}
