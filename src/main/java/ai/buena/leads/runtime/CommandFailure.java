package ai.buena.leads.runtime;

/**
 * A command cannot go on for a reason the operator can fix; {@link Main} prints the message as one
 * line, without a stack trace, and exits with {@code exitCode}.
 */
final class CommandFailure extends RuntimeException {
  private final int exitCode;

  CommandFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
