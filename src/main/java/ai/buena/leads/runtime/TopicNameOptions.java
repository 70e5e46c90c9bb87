package ai.buena.leads.runtime;

import ai.buena.leads.projection.TopicNames;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --topic-prefix} and {@code --topic-name}: the topics' names on clusters with naming rules. */
final class TopicNameOptions {
  @Option(
      names = "--topic-prefix",
      defaultValue = "${env:TOPIC_PREFIX:-}",
      paramLabel = "PREFIX",
      description = "Put before the name of every topic of topics/topics.yaml, e.g. crm.leads. (env TOPIC_PREFIX).")
  String prefix;

  @Option(
      names = "--topic-name",
      defaultValue = "${env:TOPIC_NAMES}",
      split = ",",
      paramLabel = "TOPIC=NAME",
      description =
          "Rename one topic of topics/topics.yaml, e.g. lead-events=crm.leads.events; repeatable or"
              + " comma-separated; the prefix does not apply to it (env TOPIC_NAMES).")
  Map<String, String> renamed = new LinkedHashMap<>();

  TopicNames names(CommandSpec command) {
    try {
      return TopicNames.of(prefix == null ? "" : prefix.trim(), renamed == null ? Map.of() : renamed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), "--topic-prefix/--topic-name: " + e.getMessage());
    }
  }
}
