package ai.buena.leads.testing;

import ai.buena.leads.runtime.kafka.EmbeddedKafkaBroker;
import ai.buena.leads.runtime.topics.TopicDeclarations;
import ai.buena.leads.runtime.topics.TopicProvisioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One embedded Kafka broker for the whole test JVM, started on first use and stopped when the JVM
 * exits. Tests share it, so they must use their own topic names (see {@link #uniqueTopics()}).
 */
public final class SharedKafka {
  public static final Duration DEADLINE = Duration.ofSeconds(60);

  private static EmbeddedKafkaBroker broker;
  private static Admin admin;

  private SharedKafka() {}

  public static synchronized String bootstrapServers() {
    return broker().bootstrapServers();
  }

  public static synchronized Admin admin() {
    if (admin == null) {
      admin =
          Admin.create(
              Map.of(
                  AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrapServers(),
                  AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                  (int) DEADLINE.toMillis()));
    }
    return admin;
  }

  /** The broker's log directory: a topic partition's segments lie in {@code <topic>-<partition>}. */
  public static synchronized Path logDir() {
    return broker().logDir();
  }

  /** A name no other test uses, e.g. {@code lead-events-3f9a1c2b}. */
  public static String uniqueName(String base) {
    return base + "-" + randomSuffix();
  }

  /**
   * Creates every topic of {@code topics/topics.yaml} under a fresh suffix, capped to one replica.
   */
  public static UniqueTopics uniqueTopics() {
    UniqueTopics topics = UniqueTopics.declare();
    new TopicProvisioner(admin(), topics.declarations(), true, DEADLINE).apply();
    return topics;
  }

  private static String randomSuffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static EmbeddedKafkaBroker broker() {
    if (broker == null) {
      Path dir = createTempDir();
      broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(dir), "shared-kafka-shutdown"));
    }
    return broker;
  }

  private static synchronized void stop(Path dir) {
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
    broker.close();
    Directories.deleteRecursively(dir);
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("shared-kafka");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The declared topics renamed with one common suffix, so a test has its own set. */
  public record UniqueTopics(String suffix, TopicDeclarations declarations) {
    /** Declares the renamed topics without creating them. */
    public static UniqueTopics declare() {
      String suffix = randomSuffix();
      TopicDeclarations declared = TopicDeclarations.loadFromClasspath();
      return new UniqueTopics(
          suffix,
          TopicDeclarations.of(
              declared.all().stream()
                  .map(declaration -> declaration.withName(declaration.name() + "-" + suffix))
                  .toList()));
    }

    /** The actual name of the declared topic, e.g. {@code name(Names.LEAD_EVENTS)}. */
    public String name(String declaredName) {
      return declarations.get(declaredName + "-" + suffix).name();
    }
  }
}
