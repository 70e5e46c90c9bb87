package ai.buena.leads.runtime;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
    name = "lead-projection",
    mixinStandardHelpOptions = true,
    version = "lead-projection 0.1.0",
    description = "Event-sourced read model for CRM leads: Kafka Streams into RocksDB, served over HTTP.",
    subcommands = {
      DevCommand.class,
      ServeCommand.class,
      ProduceCommand.class,
      GenerateCommand.class,
      KeysCommand.class,
    })
public final class Main implements Runnable {
  static final int BAD_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command tree, with bad flags reported as one line and exit code 2. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println(
              e.getCommandLine().getCommandName() + ": " + e.getMessage() + " (see --help)");
          err.flush();
          return BAD_USAGE;
        });
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          PrintWriter err = command.getErr();
          err.println(command.getCommandName() + " failed: " + e.getMessage());
          err.flush();
          return 1;
        });
    return cli;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
