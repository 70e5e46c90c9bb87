package ai.buena.leads.runtime;

import ai.buena.leads.runtime.generate.Distribution;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description =
        "Writes synthetic lead event histories (created, updated, contacted, some deleted) as"
            + " NDJSON to stdout, one event per line in the events.md envelope. The same options"
            + " always give the same bytes.")
public final class GenerateCommand implements Callable<Integer> {
  private static final Pattern WORKSPACE_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  private static final int OUTPUT_BUFFER_CHARS = 1 << 16;

  @Spec private CommandSpec spec;

  @Option(
      names = "--leads",
      required = true,
      paramLabel = "N",
      description = "Number of leads to generate (>= 0).")
  private int leads;

  @Option(
      names = "--workspace",
      defaultValue = "ws_demo",
      paramLabel = "W",
      description = "Workspace id, 1..100 chars of [A-Za-z0-9_-] (default: ${DEFAULT-VALUE}).")
  private String workspace;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "S",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--start",
      defaultValue = "2026-01-01T00:00:00Z",
      paramLabel = "INSTANT",
      description =
          "ISO-8601 instant the histories lead up to; they spread over about two years before it"
              + " (default: ${DEFAULT-VALUE}).")
  private String start;

  @Option(
      names = "--delete-ratio",
      defaultValue = "0.02",
      paramLabel = "RATIO",
      description =
          "Share of leads deleted at the end of their history, 0..1 (default: ${DEFAULT-VALUE}).")
  private double deleteRatio;

  @Option(
      names = "--distribution",
      defaultValue = "uniform",
      paramLabel = "D",
      description =
          "uniform: every name, company and title equally often; skewed: as real lead lists, a few"
              + " first names very common (Zipf), last names made of first names (Johnson), company"
              + " and title words shared by a tenth to a quarter of the leads"
              + " (default: ${DEFAULT-VALUE}).")
  private String distribution;

  @Option(
      names = "--interleaved",
      description =
          "Mix the events of neighbouring leads by time instead of writing each lead's history in"
              + " one piece (each lead's own order is kept).")
  private boolean interleaved;

  @Override
  public Integer call() {
    int leadCount = validLeads();
    HistoryGenerator generator =
        new HistoryGenerator(
            seed, validWorkspace(), validStart(), validDeleteRatio(), validDistribution());
    PrintWriter err = spec.commandLine().getErr();
    LineOutput out = new LineOutput(spec.commandLine().getOut());
    try {
      long events =
          interleaved
              ? generator.generateInterleaved(leadCount, out)
              : generator.generate(leadCount, out);
      out.flush();
      err.println("generated " + events + " events for " + leadCount + " leads");
      return 0;
    } catch (UncheckedIOException e) {
      err.println("generate: stopped, " + e.getCause().getMessage());
      return 1;
    }
  }

  /**
   * Buffered lines to a PrintWriter. PrintWriter and System.out swallow write errors (a closed
   * pipe), so both are checked now and then to stop early instead of generating into the void.
   */
  private static final class LineOutput implements Consumer<String> {
    private static final int LINES_BETWEEN_CHECKS = 10_000;

    private final PrintWriter target;
    private final BufferedWriter buffer;
    private int linesSinceCheck;

    LineOutput(PrintWriter target) {
      this.target = target;
      this.buffer = new BufferedWriter(target, OUTPUT_BUFFER_CHARS);
    }

    @Override
    public void accept(String line) {
      try {
        buffer.write(line);
        buffer.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (++linesSinceCheck == LINES_BETWEEN_CHECKS) {
        linesSinceCheck = 0;
        failIfTargetBroken();
      }
    }

    void flush() {
      try {
        buffer.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      failIfTargetBroken();
    }

    private void failIfTargetBroken() {
      if (target.checkError() || System.out.checkError()) {
        throw new UncheckedIOException(new IOException("stdout is closed or failing"));
      }
    }
  }

  private int validLeads() {
    if (leads < 0) {
      throw invalid("--leads must be >= 0, got " + leads);
    }
    return leads;
  }

  private String validWorkspace() {
    if (!WORKSPACE_ID.matcher(workspace).matches()) {
      throw invalid("--workspace must be 1..100 chars of [A-Za-z0-9_-], got '" + workspace + "'");
    }
    return workspace;
  }

  /**
   * Histories reach about two years before {@code --start}, and events.md takes occurredAt of the
   * years 0000 to 9999 only: a start outside these bounds would write events every reader refuses.
   */
  private static final Instant EARLIEST_START = Instant.parse("0002-01-01T00:00:00Z");
  private static final Instant LATEST_START = Instant.parse("+10000-01-01T00:00:00Z");

  private Instant validStart() {
    Instant parsed;
    try {
      parsed = Instant.parse(start);
    } catch (DateTimeParseException e) {
      throw invalid(
          "--start must be an ISO-8601 instant like 2026-01-01T00:00:00Z, got '" + start + "'");
    }
    if (parsed.isBefore(EARLIEST_START) || parsed.isAfter(LATEST_START)) {
      throw invalid(
          "--start must be from " + EARLIEST_START + " to " + LATEST_START
              + " (the events of about two years before it must fall in the years 0000 to 9999), got '"
              + start + "'");
    }
    return parsed;
  }

  private double validDeleteRatio() {
    if (!(deleteRatio >= 0 && deleteRatio <= 1)) {
      throw invalid("--delete-ratio must be between 0 and 1, got " + deleteRatio);
    }
    return deleteRatio;
  }

  private Distribution validDistribution() {
    try {
      return Distribution.fromWire(distribution);
    } catch (IllegalArgumentException e) {
      throw invalid("--distribution must be uniform or skewed, got '" + distribution + "'");
    }
  }

  private ParameterException invalid(String reason) {
    return new ParameterException(spec.commandLine(), reason);
  }
}
