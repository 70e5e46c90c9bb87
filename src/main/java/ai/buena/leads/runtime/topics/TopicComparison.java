package ai.buena.leads.runtime.topics;

import ai.buena.leads.events.EventParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;

/** How an existing topic differs from its declaration: contradictions break correctness. */
record TopicComparison(
    TopicDeclaration declaration,
    TopicDescription description,
    Config config,
    int expectedReplication,
    boolean followsPartitionsOption) {

  /** A per-lead topic's comparison (its partitions follow {@code --partitions}). */
  TopicComparison(
      TopicDeclaration declaration, TopicDescription description, Config config, int expectedReplication) {
    this(declaration, description, config, expectedReplication, true);
  }

  private static final String SOURCE = TopicDeclarations.CLASSPATH_RESOURCE;
  static final String MAX_MESSAGE_BYTES = "max.message.bytes";
  /** Above the largest lead JSON events.md's field limits allow (~450 KB, docs/benchmarks.md). */
  static final long LARGEST_LEAD_BYTES = 512 * 1024;
  /** The producers' {@code max.request.size} (Kafka's default): no record sent is larger. */
  static final long SENT_RECORD_BYTES = 1_048_576;

  List<String> contradictions() {
    List<String> contradictions = new ArrayList<>();
    String name = declaration.name();
    int partitions = description.partitions().size();
    if (partitions != declaration.partitions() && !declaration.output() && !followsPartitionsOption) {
      contradictions.add(
          String.format(
              "Topic %s has %d partitions but %s declares %d, whatever --partitions says:"
                  + " recreate the topic with %d.",
              name, partitions, SOURCE, declaration.partitions(), declaration.partitions()));
    } else if (partitions != declaration.partitions() && !declaration.output()) {
      contradictions.add(
          String.format(
              "Topic %s has %d partitions but %s declares %d: keys would be routed to other"
                  + " partitions than the projection's state; if the topics were created with %d,"
                  + " start with --partitions %d (env PARTITIONS), otherwise recreate the topic.",
              name, partitions, SOURCE, declaration.partitions(), partitions, partitions));
    }
    String declaredPolicy = declaration.configs().get(TopicDeclaration.CLEANUP_POLICY);
    String actualPolicy = value(TopicDeclaration.CLEANUP_POLICY);
    if (declaredPolicy != null && !policies(declaredPolicy).equals(policies(actualPolicy))) {
      contradictions.add(
          String.format(
              "Topic %s has cleanup.policy %s but %s declares %s: %s; change the topic's"
                  + " cleanup.policy or fix the declaration.",
              name, actualPolicy, SOURCE, declaredPolicy, policyConsequence(declaredPolicy)));
    }
    // age and size retention delete only with the delete policy (a compacted topic keeps every
    // key's latest record whatever they say)
    boolean deletes = actualPolicy == null || policies(actualPolicy).contains("delete");
    for (String retention : List.of(TopicDeclaration.RETENTION_MS, TopicDeclaration.RETENTION_BYTES)) {
      String actual = value(retention);
      boolean unset = actual == null && retention.equals(TopicDeclaration.RETENTION_BYTES);
      if (keptForever() && deletes && !unset && !"-1".equals(actual)) {
        contradictions.add(
            String.format(
                "Topic %s has %s %s but %s declares -1: Kafka would delete records that must be"
                    + " kept forever; set %s=-1 on the topic or fix the declaration.",
                name, retention, actual, SOURCE, retention));
      }
    }
    if (declaration.output() && largestRecord() < LARGEST_LEAD_BYTES) {
      contradictions.add(
          String.format(
              "Topic %s takes records of at most %d bytes (max.message.bytes), less than a lead"
                  + " the events allow (up to ~450 KB of JSON): Kafka would refuse such a lead, here"
                  + " dead-lettering its event, and on the leads store's changelog, which follows"
                  + " the brokers' message.max.bytes as topics created here do, stopping its"
                  + " partition for good; set max.message.bytes=%d or more on the topic, and"
                  + " message.max.bytes on the brokers.",
              name, largestRecord(), SENT_RECORD_BYTES));
    }
    String declaredTime = declaration.configs().get(TopicDeclaration.TIMESTAMP_TYPE);
    String actualTime = value(TopicDeclaration.TIMESTAMP_TYPE);
    if (declaredTime != null && actualTime != null && !declaredTime.strip().equals(actualTime)) {
      contradictions.add(
          String.format(
              "Topic %s has message.timestamp.type %s but %s declares %s: de-duplication keeps"
                  + " event ids for a window of record time, so with the producers' clocks (or"
                  + " back-dated imports) an event re-sent after its window's records expired is"
                  + " applied twice; set message.timestamp.type=%s on the topic.",
              name, actualTime, SOURCE, declaredTime, declaredTime));
    }
    return contradictions;
  }

  /** Records the projection needs for ever: those of a topic it reads, declared to keep them. */
  private boolean keptForever() {
    return declaration.keepsRecordsForever() && !declaration.output();
  }

  List<String> harmlessDifferences() {
    List<String> differences = new ArrayList<>();
    String name = declaration.name();
    int partitions = description.partitions().size();
    if (partitions != declaration.partitions() && declaration.output()) {
      differences.add(
          String.format(
              "topic %s: %d partitions but %s declares %d (the projection only writes it, so"
                  + " this is its readers' choice; but partitions added to a compacted topic in"
                  + " place leave earlier values of a key in their old partition for good)",
              name, partitions, SOURCE, declaration.partitions()));
    }
    for (Map.Entry<String, String> declared : declaration.configs().entrySet()) {
      String key = declared.getKey();
      String actual = value(key);
      if (!isContradictionWhenDifferent(key) && !declared.getValue().strip().equals(actual)) {
        differences.add(
            String.format(
                "topic %s: %s is %s but %s declares %s",
                name,
                key,
                actual == null ? "unknown to the broker" : actual,
                SOURCE,
                declared.getValue()));
      }
    }
    if (declaration.output()
        && largestRecord() >= LARGEST_LEAD_BYTES
        && largestRecord() < SENT_RECORD_BYTES) {
      differences.add(
          String.format(
              "topic %s: max.message.bytes is %d, below the %d bytes a record of the projection"
                  + " can take: a lead fits, and a dead letter copies less of an event near %,d"
                  + " bytes (error.value.truncated), cut to what the topic took when the instance"
                  + " started",
              name, largestRecord(), SENT_RECORD_BYTES, EventParser.MAX_EVENT_BYTES));
    }
    int actualReplication =
        description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
    if (actualReplication < expectedReplication) {
      differences.add(
          String.format(
              "topic %s: replication factor is %d but should be %d (%s declares %d)",
              name, actualReplication, expectedReplication, SOURCE, declaration.replication()));
    }
    return differences;
  }

  private boolean isContradictionWhenDifferent(String key) {
    return key.equals(TopicDeclaration.CLEANUP_POLICY)
        || (key.equals(TopicDeclaration.TIMESTAMP_TYPE) && value(key) != null)
        || ((key.equals(TopicDeclaration.RETENTION_MS) || key.equals(TopicDeclaration.RETENTION_BYTES))
            && keptForever());
  }

  /** The topic's {@code max.message.bytes}; unbounded when the broker did not say. */
  private long largestRecord() {
    String value = value(MAX_MESSAGE_BYTES);
    try {
      return value == null ? Long.MAX_VALUE : Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private String value(String key) {
    ConfigEntry entry = config == null ? null : config.get(key);
    return entry == null ? null : entry.value();
  }

  private static String policyConsequence(String declaredPolicy) {
    return policies(declaredPolicy).contains("compact")
        ? "records would be deleted by age instead of keeping the latest value of every key"
        : "compaction would drop all but the latest record of every key, so replaying would not"
            + " rebuild the same state";
  }

  private static Set<String> policies(String policy) {
    if (policy == null) {
      return Set.of();
    }
    return Arrays.stream(policy.split(","))
        .map(String::strip)
        .filter(part -> !part.isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
