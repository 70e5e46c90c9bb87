package ai.buena.leads.runtime;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyRecord;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.auth.UnknownApiKeyException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = "Revokes an API key at once on every instance; its record stays for audit.")
final class RevokeKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KeyTopicOptions kafka;

  @ArgGroup(multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--id", required = true, description = "The key's id (key_...), see keys list.")
    String id;

    @Option(names = "--key", required = true, description = "The key itself (bna_...).")
    String key;
  }

  @Override
  public Integer call() {
    String keyIdOrClearKey = target.id != null ? target.id : target.key;
    if (target.id != null && !ApiKeyFormat.isKeyId(target.id)) {
      throw new ParameterException(
          spec.commandLine(), "--id must be key_ and 12 lowercase hex characters");
    }
    if (target.key != null && !ApiKeyFormat.isWellFormed(target.key)) {
      throw new ParameterException(
          spec.commandLine(), "--key must be bna_ and 64 lowercase hex characters");
    }
    ApiKeyRecord revoked;
    try (ApiKeyStore store = kafka.open()) {
      revoked = store.revoke(keyIdOrClearKey);
    } catch (UnknownApiKeyException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("key %s of workspace %s is revoked%n", revoked.id(), revoked.workspaceId());
    out.flush();
    return 0;
  }
}
