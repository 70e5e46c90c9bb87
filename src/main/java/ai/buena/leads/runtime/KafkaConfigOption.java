package ai.buena.leads.runtime;

import ai.buena.leads.clients.InvalidKafkaConfigException;
import ai.buena.leads.clients.KafkaClientConfig;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --kafka-config}: the Kafka client settings of every client a command creates. */
final class KafkaConfigOption {
  @Option(
      names = "--kafka-config",
      defaultValue = "${env:KAFKA_CONFIG_FILE}",
      paramLabel = "FILE",
      description =
          "Java properties file of Kafka client settings (security, SASL, TLS...) for every Kafka"
              + " client of this command, like --command-config of Kafka's tools (env KAFKA_CONFIG_FILE).")
  Path file;

  /** The clients' settings for this cluster; a file that cannot be read is a bad flag. */
  KafkaClientConfig load(String bootstrapServers, CommandSpec command) {
    try {
      return KafkaClientConfig.load(bootstrapServers, file);
    } catch (InvalidKafkaConfigException e) {
      throw new ParameterException(command.commandLine(), e.getMessage());
    }
  }
}
