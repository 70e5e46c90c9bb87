package ai.buena.leads.runtime;

import ai.buena.leads.auth.ApiKeyRecord;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.auth.KeyGrant;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description =
        "Lists API keys, revoked ones included, oldest first. Never prints keys or hashes.")
final class ListKeysCommand implements Callable<Integer> {
  private static final List<String> HEADER =
      List.of("ID", "WORKSPACE", "PERMISSIONS", "NAME", "CREATED", "STATUS");

  @Spec CommandSpec spec;
  @Mixin KeyTopicOptions kafka;

  @Option(names = "--workspace", description = "Only the keys of this workspace.")
  String workspace;

  @Override
  public Integer call() {
    if (workspace != null && !KeyGrant.isWorkspaceId(workspace)) {
      throw new ParameterException(
          spec.commandLine(),
          "--workspace must be 1 to 100 characters of A-Z, a-z, 0-9, '_' or '-'");
    }
    List<ApiKeyRecord> keys;
    try (ApiKeyStore store = kafka.open()) {
      keys = store.list();
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(HEADER);
    keys.stream()
        .filter(key -> workspace == null || key.workspaceId().equals(workspace))
        .map(ListKeysCommand::row)
        .forEach(rows::add);
    PrintWriter out = spec.commandLine().getOut();
    printAligned(rows, out);
    out.flush();
    return 0;
  }

  private static List<String> row(ApiKeyRecord key) {
    return List.of(
        key.id(),
        key.workspaceId(),
        String.join(",", key.permissions()),
        key.name().isEmpty() ? "-" : key.name(),
        key.createdAt().toString(),
        key.revoked() ? "revoked" : "active");
  }

  private static void printAligned(List<List<String>> rows, PrintWriter out) {
    int[] widths = new int[HEADER.size()];
    for (List<String> row : rows) {
      for (int column = 0; column < widths.length; column++) {
        widths[column] = Math.max(widths[column], row.get(column).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < widths.length; column++) {
        String cell = row.get(column);
        line.append(cell);
        if (column < widths.length - 1) {
          line.append(" ".repeat(widths[column] - cell.length() + 2));
        }
      }
      out.println(line);
    }
  }
}
