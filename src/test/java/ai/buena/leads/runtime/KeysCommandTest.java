package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class KeysCommandTest {
  private static final String UNREACHABLE = "--bootstrap-servers=localhost:1";

  record Run(int exitCode, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Main.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exitCode = command.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Test
  void anUnknownPermissionExitsWith2AndNamesIt() {
    Run run =
        run(
            "keys",
            "create",
            UNREACHABLE,
            "--workspace",
            "ws",
            "--permissions",
            "leads:read,leads:delete");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().toList())
        .singleElement()
        .asString()
        .contains("unknown permission 'leads:delete'", "known: *, leads:enrich");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "keys",
        "keys rotate",
        "keys create --permissions leads:read",
        "keys create --workspace ws",
        "keys create --workspace has.dot --permissions leads:read",
        "keys create --workspace ws --permissions",
        "keys create --workspace ws --permissions leads:read --colour blue",
        "keys revoke",
        "keys revoke --id key_0123456789ab --key"
            + " bna_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "keys revoke --id key_12",
        "keys revoke --id KEY_0123456789AB",
        "keys revoke --key bna_short",
        "keys list --workspace has.dot"
      })
  void aBadFlagOrValueExitsWith2WithAOneLineReason(String args) {
    Run run = run((args + " " + UNREACHABLE).split(" "));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().toList()).singleElement().asString().isNotBlank();
  }

  @Test
  void aMalformedKeyIsNeverEchoedInTheReason() {
    String almostAKey = "bna_" + "A".repeat(64);

    Run run = run("keys", "revoke", UNREACHABLE, "--key", almostAKey);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).doesNotContain(almostAKey.substring(4));
  }

  @Test
  void helpNamesTheSubcommandsAndTheirOptions() {
    assertThat(run("keys", "--help").out()).contains("create", "revoke", "list");
    assertThat(run("keys", "create", "--help").out())
        .contains(
            "--workspace",
            "--permissions",
            "--name",
            "--bootstrap-servers",
            "--kafka-config",
            "--topic-prefix",
            "--topic-name");
    assertThat(run("keys", "revoke", "--help").out()).contains("--id", "--key");
    assertThat(run("keys", "list", "--help").out()).contains("--workspace");
  }
}
