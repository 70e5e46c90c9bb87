package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.projection.Names;
import ai.buena.leads.projection.TopicNames;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.runtime.topics.TopicProvisioner;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Applies or checks {@code topics/} on a cluster before anything reads or writes it. */
final class Topics {
  private Topics() {}

  /**
   * The declarations under this cluster's names, with {@code partitions} (when given) for {@code
   * lead-events} and the other topics declared like it.
   */
  static TopicDeclarations declared(TopicNames names, Integer partitions) {
    TopicDeclarations declared = TopicDeclarations.loadFromClasspath();
    if (partitions != null) {
      declared = declared.withPartitionsLike(Names.LEAD_EVENTS, partitions);
    }
    return declared.renamed(names::actual);
  }

  /**
   * @param capReplication create topics with at most as many replicas as there are brokers
   */
  static void apply(
      KafkaClientConfig kafka, TopicDeclarations declarations, TopicsMode mode, boolean capReplication) {
    if (mode == TopicsMode.SKIP) {
      return;
    }
    try (Admin admin =
        Admin.create(
            kafka.properties(
                Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "lead-projection-topics"), Map.of()))) {
      apply(admin, declarations, mode, capReplication);
    }
  }

  /** As {@link #apply(KafkaClientConfig, TopicDeclarations, TopicsMode, boolean)}, through {@code admin}. */
  static void apply(
      Admin admin, TopicDeclarations declarations, TopicsMode mode, boolean capReplication) {
    if (mode == TopicsMode.SKIP) {
      return;
    }
    TopicProvisioner provisioner = new TopicProvisioner(admin, declarations, capReplication);
    if (mode == TopicsMode.CREATE) {
      provisioner.apply();
    } else {
      provisioner.verify();
    }
  }
}
