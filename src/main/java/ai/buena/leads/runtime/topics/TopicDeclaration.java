package ai.buena.leads.runtime.topics;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One topic as {@code topics/topics.yaml} declares it; {@code replication} is the production value.
 * An {@code output} topic is one the projection writes and never reads back (the published topics
 * and the DLQ): how it is partitioned and how long it keeps records are its readers' choice.
 */
public record TopicDeclaration(
    String name,
    int partitions,
    int replication,
    Map<String, String> configs,
    List<String> writers,
    List<String> readers,
    String description,
    boolean output) {

  public static final String CLEANUP_POLICY = "cleanup.policy";
  public static final String RETENTION_MS = "retention.ms";
  public static final String RETENTION_BYTES = "retention.bytes";
  public static final String TIMESTAMP_TYPE = "message.timestamp.type";
  private static final String FOREVER = "-1";

  public TopicDeclaration {
    Objects.requireNonNull(name, "name");
    configs = configs == null ? Map.of() : Map.copyOf(configs);
    writers = writers == null ? List.of() : List.copyOf(writers);
    readers = readers == null ? List.of() : List.copyOf(readers);
    description = description == null ? "" : description.strip();
  }

  /** A topic the projection reads. */
  public TopicDeclaration(
      String name,
      int partitions,
      int replication,
      Map<String, String> configs,
      List<String> writers,
      List<String> readers,
      String description) {
    this(name, partitions, replication, configs, writers, readers, description, false);
  }

  public TopicDeclaration withName(String newName) {
    return new TopicDeclaration(
        newName, partitions, replication, configs, writers, readers, description, output);
  }

  public TopicDeclaration withPartitions(int newPartitions) {
    return new TopicDeclaration(
        name, newPartitions, replication, configs, writers, readers, description, output);
  }

  public boolean keepsRecordsForever() {
    return FOREVER.equals(configs.get(RETENTION_MS));
  }
}
