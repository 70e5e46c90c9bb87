package ai.buena.leads.runtime;

import ai.buena.leads.clients.TopicNotFoundException;
import ai.buena.leads.runtime.logging.JsonLineWriter;
import ai.buena.leads.runtime.topics.MissingTopicsException;
import ai.buena.leads.runtime.topics.TopicContradictionException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import picocli.CommandLine;
import org.slf4j.LoggerFactory;
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
    PrivateTempDirectory.ownTheProcess();
    CommandLine cli = commandLine();
    errAsJsonWhenLogsAre(cli, System.getenv("LOG_FORMAT"), System.err);
    System.exit(cli.execute(args));
  }

  /** With {@code LOG_FORMAT=json}, the commands' stderr lines are JSON objects, as the log's are. */
  static void errAsJsonWhenLogsAre(CommandLine cli, String logFormat, PrintStream stderr) {
    if (logFormat != null && logFormat.trim().equalsIgnoreCase("json")) {
      cli.setErr(
          new PrintWriter(new JsonLineWriter(stderr, Clock.systemUTC(), Main.class.getName()), true));
    }
  }

  /** The command tree, with bad flags reported as one line and exit code 2. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println(
              e.getCommandLine().getCommandName() + ": " + redacted(e.getMessage()) + " (see --help)");
          err.flush();
          return BAD_USAGE;
        });
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          PrintWriter err = command.getErr();
          Optional<CommandFailure> failure = Causes.find(e, CommandFailure.class);
          if (failure.isPresent()) {
            err.println(command.getCommandName() + ": " + failure.get().getMessage());
            err.flush();
            return failure.get().exitCode();
          }
          Optional<TopicContradictionException> contradicted =
              Causes.find(e, TopicContradictionException.class);
          if (contradicted.isPresent()) {
            contradicted.get().contradictions()
                .forEach(line -> err.println(command.getCommandName() + ": " + line));
            err.flush();
            return BAD_USAGE;
          }
          if (e instanceof MissingTopicsException) {
            err.println(command.getCommandName() + ": " + e.getMessage());
            err.flush();
            return BAD_USAGE;
          }
          Optional<TopicNotFoundException> noTopic = Causes.find(e, TopicNotFoundException.class);
          if (noTopic.isPresent()) {
            err.println(command.getCommandName() + ": " + noTopic.get().getMessage());
            err.flush();
            return noTopic.get().confirmed() ? BAD_USAGE : 1;
          }
          if (Causes.find(e, InvalidReplicationFactorException.class).isPresent()) {
            err.println(
                command.getCommandName() + ": " + reasons(e)
                    + " (fewer brokers are up than the replication asks for: if the cluster has"
                    + " fewer, give --replication-factor a count it has or --cap-replication; if"
                    + " brokers are restarting, start again once they are back)");
            err.flush();
            return 1;
          }
          Optional<AuthorizationException> denied = ProjectionService.refusedByKafka(e);
          if (denied.isPresent()) {
            err.println(
                command.getCommandName() + ": Kafka refused this principal: " + denied.get().getMessage()
                    + deniedTopics(denied.get())
                    + " (grant the ACLs of ops/runbook.md#kafka-acls"
                    + (STARTS_PROJECTION.contains(command.getCommandName())
                        ? "; with read and write rights only, pre-create the topics and start with"
                            + " --topics skip)"
                        : ")"));
            err.flush();
            return BAD_USAGE;
          }
          Optional<AuthenticationException> refused = authenticationFailure(e);
          if (refused.isPresent()) {
            err.println(command.getCommandName() + ": " + refusal(refused.get()));
            err.flush();
            return BAD_USAGE;
          }
          // no failure we expect: its whole chain of reasons, and its stack trace in the log
          LoggerFactory.getLogger(Main.class).error("{} failed", command.getCommandName(), e);
          err.println(command.getCommandName() + " failed: " + reasons(e));
          err.flush();
          return 1;
        });
    return cli;
  }

  /** The command that creates topics unless told to skip ({@code dev} always creates them). */
  private static final java.util.Set<String> STARTS_PROJECTION = java.util.Set.of("serve");

  /** The topics Kafka named in a refusal, when it named any and the message does not. */
  private static String deniedTopics(AuthorizationException denied) {
    if (denied instanceof org.apache.kafka.common.errors.TopicAuthorizationException topics
        && !topics.unauthorizedTopics().isEmpty()
        && !String.valueOf(denied.getMessage()).contains(topics.unauthorizedTopics().iterator().next())) {
      return " (topics " + String.join(", ", new java.util.TreeSet<>(topics.unauthorizedTopics())) + ")";
    }
    return "";
  }

  private static final Pattern API_KEY = Pattern.compile("bna_[0-9A-Za-z]{8,}");
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

  /**
   * A usage error's message without what may be a secret: picocli quotes the arguments it could
   * not match, and a mistyped {@code --cluster-secrt=...} or an API key given without its flag would
   * be printed (and kept in logs). Option names stay, values go.
   */
  static String redacted(String message) {
    if (message == null) {
      return "";
    }
    String keysHidden = API_KEY.matcher(message).replaceAll("bna_…");
    if (!keysHidden.startsWith("Unmatched argument") && !keysHidden.startsWith("Unknown option")) {
      return keysHidden;
    }
    Matcher quoted = QUOTED.matcher(keysHidden);
    StringBuilder out = new StringBuilder();
    while (quoted.find()) {
      String argument = quoted.group(1);
      String shown =
          argument.startsWith("-")
              ? (argument.contains("=") ? argument.substring(0, argument.indexOf('=')) + "=…" : argument)
              : "…";
      quoted.appendReplacement(out, Matcher.quoteReplacement("'" + shown + "'"));
    }
    quoted.appendTail(out);
    return out.toString();
  }

  /** The exception's message and its causes', distinct ones only, joined. */
  static String reasons(Throwable e) {
    StringBuilder reasons = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      String message = cause.getMessage();
      if (message != null && !reasons.toString().contains(message)) {
        reasons.append(": ").append(message);
      }
    }
    return reasons.toString();
  }

  /** Kafka refused the client's credentials or TLS handshake: a configuration error. */
  static Optional<AuthenticationException> authenticationFailure(Throwable e) {
    return Causes.find(e, AuthenticationException.class);
  }

  /** One line about a refused connection, for any command. */
  static String refusal(AuthenticationException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return "Kafka refused the connection: "
        + message.lines().findFirst().orElse("").strip()
        + " (check the security settings of --kafka-config)";
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }
}
