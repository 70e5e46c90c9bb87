package ai.buena.leads.runtime;

import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.clients.KafkaClientConfig;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where the {@code keys} commands find the keys: the cluster, its client settings and the topic. */
final class KeyTopicOptions {
  private static final Duration REACHABLE_WITHIN = Duration.ofSeconds(20);

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
      description = "Kafka cluster (env KAFKA_BOOTSTRAP_SERVERS, default localhost:9092).")
  String bootstrapServers;

  @Mixin KafkaConfigOption kafkaConfig;
  @Mixin TopicNameOptions topicNames;

  /** Opens the key store, or one line and exit 1 when Kafka does not answer within 20 s. */
  ApiKeyStore open() {
    KafkaClientConfig kafka = kafkaConfig.load(bootstrapServers, spec);
    KafkaPreflight.connect(kafka, REACHABLE_WITHIN, () -> false).close();
    return new ApiKeyStore(kafka, topicNames.names(spec).apiKeys());
  }
}
