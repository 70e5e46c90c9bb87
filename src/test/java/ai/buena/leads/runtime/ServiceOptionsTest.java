package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.projection.InputPartitioning;
import ai.buena.leads.projection.TopicNames;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServiceOptionsTest {
  private static AppConfig serve(String... args) {
    String[] command = new String[args.length + 1];
    command[0] = "serve";
    System.arraycopy(args, 0, command, 1, args.length);
    CommandLine.ParseResult parsed = Main.commandLine().parseArgs(command);
    ServeCommand serve = (ServeCommand) parsed.subcommand().commandSpec().userObject();
    return serve.options.toConfig(
        KafkaClientConfig.plain("localhost:9092"), TopicNames.DEFAULT, 1, 0, "s".repeat(32));
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
