package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.http.ServerOptions;
import ai.buena.leads.projection.InputPartitioning;
import ai.buena.leads.projection.TopicNames;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServiceOptionsTest {
  private static ServiceOptions serveOptions(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "serve";
    System.arraycopy(args, 0, command, 1, args.length);
    CommandLine.ParseResult parsed = Main.commandLine().parseArgs(command);
    return ((ServeCommand) parsed.subcommand().commandSpec().userObject()).options;
  }

  private static AppConfig serve(String... args) {
    return serveOptions(args)
        .toConfig(
            KafkaClientConfig.plain("localhost:9092"), TopicNames.DEFAULT, 1, 0, "s".repeat(32));
  }

  private static ServerOptions serverOptionsOfServe(String... args) {
    return serveOptions(args).toServerOptions("off");
  }

  @Test
  void shouldLetARequestWaitASecondForAPermitByDefault() {
    assertThat(serverOptionsOfServe().admissionWait()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldTakeTheAdmissionWaitAsAnIsoDurationWithZeroForShedAtOnce() {
    assertThat(serverOptionsOfServe("--admission-wait", "PT0.25S").admissionWait())
        .isEqualTo(Duration.ofMillis(250));
    assertThat(serverOptionsOfServe("--admission-wait", "PT0S").admissionWait()).isZero();
  }

  @Test
  void shouldRefuseAnAdmissionWaitBeyondTenSecondsOrNotADuration() {
    assertThatThrownBy(() -> serverOptionsOfServe("--admission-wait", "PT11S"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("--admission-wait must be between PT0S and PT10S");
    assertThatThrownBy(() -> serverOptionsOfServe("--admission-wait", "1s"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("--admission-wait must be an ISO-8601 duration such as PT5S");
  }

  @Test
  void shouldMoveEventsOnAnotherPartitionToTheirLeadsByDefault() {
    assertThat(serve().inputPartitioning()).isEqualTo(InputPartitioning.ANY);
  }

  @Test
  void shouldRepartitionTheInputWhenAskedTo() {
    assertThat(serve("--input-partitioning", "any").inputPartitioning())
        .isEqualTo(InputPartitioning.ANY);
  }
}
