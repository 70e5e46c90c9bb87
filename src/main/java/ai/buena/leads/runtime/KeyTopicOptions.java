package ai.buena.leads.runtime;

import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.projection.Names;
import picocli.CommandLine.Option;

/** Where the {@code keys} commands find the keys: the cluster and (for tests) the topic. */
final class KeyTopicOptions {
  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka cluster (env KAFKA_BOOTSTRAP_SERVERS, default localhost:9092).")
  String bootstrapServers;

  @Option(names = "--topic", hidden = true, defaultValue = Names.API_KEYS)
  String topic;

  ApiKeyStore open() {
    return new ApiKeyStore(bootstrapServers, topic);
  }
}
