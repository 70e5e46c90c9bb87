package ai.buena.leads.bench;

import ai.buena.leads.auth.ApiKeyFormat;
import ai.buena.leads.auth.ApiKeyStore;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.runtime.topics.TopicProvisioner;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** What every benchmark does before it measures: topics, an API key, the machine's load. */
final class BenchSetup {
  private BenchSetup() {}

  /** Creates the declared topics (replication capped to the brokers there are). */
  static void provisionTopics(String bootstrapServers) {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      new TopicProvisioner(admin, TopicDeclarations.loadFromClasspath(), true).apply();
    }
  }

  /** A new key that may read {@code workspace}; returns it in clear. */
  static String createKey(String bootstrapServers, String workspace, String name) {
    String key = ApiKeyFormat.generate();
    try (ApiKeyStore store = new ApiKeyStore(bootstrapServers)) {
      store.createWithValue(key, workspace, Set.of("leads:read"), name);
    }
    return key;
  }

  /** What {@code uptime} prints: when, and the load averages. */
  static String uptime() {
    try {
      Process uptime = new ProcessBuilder("uptime").redirectErrorStream(true).start();
      return new String(uptime.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .trim();
    } catch (java.io.IOException e) {
      return "uptime failed: " + e.getMessage();
    }
  }

  /** The one-minute load average, as printed with each benchmark's figures. */
  static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
