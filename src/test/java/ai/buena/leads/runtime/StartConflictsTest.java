package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;

/** Two instances given one port or one data directory: one line and exit 2, no stack trace. */
class StartConflictsTest {
  @Test
  void shouldRefuseAPortInUseAsABadUsageNamingTheFlag() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertThatThrownBy(() -> HttpPort.requireFree(taken.getLocalPort()))
          .isInstanceOfSatisfying(
              CommandFailure.class,
              failure -> {
                assertThat(failure.exitCode()).isEqualTo(Main.BAD_USAGE);
                assertThat(failure.getMessage())
                    .contains("HTTP port " + taken.getLocalPort() + " is already in use")
                    .contains("--port");
              });
    }
  }

  @Test
  void shouldTellKafkaStreamsRefusingALockedStateDirectoryAsTheDataDirectoryInUse() {
    StreamsException locked =
        new StreamsException(
            "Unable to initialize state, this can happen if multiple instances of Kafka Streams"
                + " are running in the same state directory");

    CommandFailure failure = DataDirectoryInUse.when(locked, Path.of("/data/a")).orElseThrow();

    assertThat(failure.exitCode()).isEqualTo(Main.BAD_USAGE);
    assertThat(failure.getMessage()).contains("/data/a").contains("--data-dir");
  }

  @Test
  void shouldLeaveOtherKafkaStreamsFailuresAsTheyAre() {
    assertThat(DataDirectoryInUse.when(new StreamsException("something else"), Path.of("/d")))
        .isEmpty();
  }

  @Test
  void shouldPrintACommandFailureWrappedInAnotherExceptionAsOneLine() {
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = Main.commandLine();
    cli.setErr(new java.io.PrintWriter(err));
    // as picocli hands the handler a command's exception: here one that wraps the failure
    cli.setExecutionStrategy(
        parsed -> {
          picocli.CommandLine serve = parsed.asCommandLineList().get(1);
          throw new picocli.CommandLine.ExecutionException(
              serve,
              "serve failed",
              new java.util.concurrent.CompletionException(
                  new CommandFailure(Main.BAD_USAGE, "HTTP port 1 is already in use")));
        });

    int exit = cli.execute("serve", "--bootstrap-servers", "localhost:1", "--cluster-secret", "0123456789abcdef0123");

    assertThat(exit).isEqualTo(Main.BAD_USAGE);
    assertThat(err.toString().strip()).isEqualTo("serve: HTTP port 1 is already in use");
  }
}
