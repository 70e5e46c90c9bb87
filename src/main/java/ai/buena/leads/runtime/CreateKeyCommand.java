package ai.buena.leads.runtime;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.auth.InvalidKeyGrantException;
import ai.buena.leads.auth.KeyHashing;
import ai.buena.leads.auth.KeyGrant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Creates an API key and prints it once, alone on stdout; everything else goes to stderr.",
      "Permissions: leads:read, leads:write, leads:enrich, linkedin:read, linkedin:write, * (all)."
    })
final class CreateKeyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KeyTopicOptions kafka;

  @Option(names = "--workspace", required = true, description = "The key's workspace.")
  String workspace;

  @Option(
      names = "--permissions",
      required = true,
      split = ",",
      paramLabel = "PERMISSION",
      description = "Comma-separated permissions, e.g. leads:read,leads:write.")
  List<String> permissions;

  @Option(names = "--name", defaultValue = "", description = "A name to recognise the key by.")
  String name;

  @Override
  public Integer call() {
    KeyGrant grant;
    try {
      grant = KeyGrant.of(workspace, new LinkedHashSet<>(permissions), name);
    } catch (InvalidKeyGrantException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    String key;
    try (ApiKeyStore store = kafka.open()) {
      key = store.create(grant.workspaceId(), grant.permissions(), grant.name());
    }
    spec.commandLine().getOut().println(key);
    spec.commandLine().getOut().flush();
    spec.commandLine()
        .getErr()
        .printf(
            "created key %s for workspace %s with permissions %s%n",
            ApiKeyFormat.keyId(KeyHashing.sha256Hex(key)), grant.workspaceId(), grant.permissions());
    spec.commandLine().getErr().flush();
    return 0;
  }
}
