package ai.buena.leads.runtime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description =
        "Creates, revokes and lists API keys on the lead-api-keys topic. Only hashes are stored:"
            + " a key is shown once, by create.",
    subcommands = {CreateKeyCommand.class, RevokeKeyCommand.class, ListKeysCommand.class})
final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "a subcommand is required: create, revoke or list");
  }
}
