package ai.buena.leads.runtime;

import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.runtime.topics.TopicProvisioner;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Applies {@code topics/} to a cluster before anything reads or writes it. */
final class Topics {
  private Topics() {}

  static void apply(String bootstrapServers, TopicDeclarations declarations, boolean dev) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      new TopicProvisioner(admin, declarations, dev).apply();
    }
  }
}
