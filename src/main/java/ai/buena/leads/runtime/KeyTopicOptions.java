package ai.buena.leads.runtime;

import ai.buena.leads.auth.ApiKeyStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where the {@code keys} commands find the keys: the cluster, its client settings and the topic. */
final class KeyTopicOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka cluster (env KAFKA_BOOTSTRAP_SERVERS, default localhost:9092).")
  String bootstrapServers;

  @Mixin KafkaConfigOption kafkaConfig;
  @Mixin TopicNameOptions topicNames;

  ApiKeyStore open() {
    return new ApiKeyStore(
        kafkaConfig.load(bootstrapServers, spec), topicNames.names(spec).apiKeys());
  }
}
