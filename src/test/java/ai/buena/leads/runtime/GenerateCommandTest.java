package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.buena.leads.runtime.generate.EventContract;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class GenerateCommandTest {

  private record Run(int exitCode, String out, String err) {
    List<String> lines() {
      return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new GenerateCommand());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exitCode = command.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Test
  void writesOneEventPerLineAndASummaryToStderr() {
    Run run = run("--leads", "50");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).endsWith("\n");
    assertThat(run.lines()).allSatisfy(EventContract::assertValidLine);
    assertThat(run.err().strip())
        .isEqualTo("generated " + run.lines().size() + " events for 50 leads");
  }

  @Test
  void theDefaultsAreDeterministicAndMatchTheGenerator() {
    List<String> expected = new ArrayList<>();
    new HistoryGenerator(42, "ws_demo", Instant.parse("2026-01-01T00:00:00Z"), 0.02)
        .generate(200, expected::add);

    Run first = run("--leads", "200");
    Run second = run("--leads", "200");

    assertThat(first.out()).isEqualTo(second.out());
    assertThat(first.lines()).isEqualTo(expected);
  }

  @Test
  void everyOptionReachesTheOutput() {
    String defaults = run("--leads", "100").out();

    assertThat(run("--leads", "100", "--seed", "7").out()).isNotEqualTo(defaults);
    assertThat(run("--leads", "100", "--start", "2025-06-01T12:00:00Z").out())
        .isNotEqualTo(defaults);
    assertThat(run("--leads", "100", "--delete-ratio", "1").out()).contains("\"LeadDeleted\"");
    assertThat(run("--leads", "100", "--delete-ratio", "0").out())
        .doesNotContain("\"LeadDeleted\"");
    assertThat(run("--leads", "100", "--distribution", "skewed").out()).isNotEqualTo(defaults);
    assertThat(run("--leads", "100", "--distribution", "uniform").out()).isEqualTo(defaults);
    assertThat(run("--leads", "100", "--workspace", "ws_acme").lines())
        .allSatisfy(line -> assertThat(line).contains("\"workspaceId\":\"ws_acme\""));
  }

  @Test
  void theInterleavedFlagReordersButKeepsTheSameEvents() {
    Run contiguous = run("--leads", "1500");
    Run interleaved = run("--leads", "1500", "--interleaved");

    assertThat(interleaved.exitCode()).isZero();
    assertThat(interleaved.lines())
        .isNotEqualTo(contiguous.lines())
        .containsExactlyInAnyOrderElementsOf(contiguous.lines());
  }

  @Test
  void zeroLeadsWriteNothing() {
    Run run = run("--leads", "0");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip()).isEqualTo("generated 0 events for 0 leads");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--leads -1",
        "--leads many",
        "--seed",
        "--leads 5 --seed x",
        "--leads 5 --workspace has.dot",
        "--leads 5 --start yesterday",
        "--leads 5 --start 2026-01-01",
        "--leads 5 --start 0001-06-01T00:00:00Z",
        "--leads 5 --start +10000-01-02T00:00:00Z",
        "--leads 5 --delete-ratio 1.5",
        "--leads 5 --delete-ratio -0.1",
        "--leads 5 --delete-ratio NaN",
        "--leads 5 --colour blue",
        "--leads 5 --distribution zipf"
      })
  void aBadFlagOrValueExitsWith2AndSaysWhy(String args) {
    Run run = run(args.split(" "));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().findFirst().orElse("")).isNotBlank();
  }

  @Test
  void aMissingLeadsOptionExitsWith2() {
    assertThat(run("--seed", "1").exitCode()).isEqualTo(2);
  }

  @Test
  void aWorkspaceLongerThan100CharactersIsRejected() {
    assertThat(run("--leads", "1", "--workspace", "w".repeat(100)).exitCode()).isZero();
    assertThat(run("--leads", "1", "--workspace", "w".repeat(101)).exitCode()).isEqualTo(2);
  }

  @Test
  void invalidValuesThrowAParameterExceptionWithAOneLineReason() {
    GenerateCommand command = new GenerateCommand();
    new CommandLine(command).parseArgs("--leads", "3", "--start", "soon");

    assertThatThrownBy(command::call)
        .isInstanceOf(ParameterException.class)
        .hasMessageContaining("--start")
        .hasMessageNotContaining("\n");
  }

  @Test
  void helpDescribesEveryOption() {
    Run run = run("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("--leads", "--workspace", "--seed", "--start", "--delete-ratio", "--interleaved");
  }
}
