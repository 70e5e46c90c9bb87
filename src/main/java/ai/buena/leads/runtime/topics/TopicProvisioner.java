package ai.buena.leads.runtime.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cluster's topics match {@code topics/topics.yaml}: creates missing topics and refuses
 * existing ones that contradict their declaration in a way that breaks correctness.
 */
public final class TopicProvisioner {
  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final Admin admin;
  private final TopicDeclarations declarations;
  private final boolean capReplicationToBrokerCount;
  private final AdminCalls calls;

  public TopicProvisioner(
      Admin admin, TopicDeclarations declarations, boolean capReplicationToBrokerCount) {
    this(admin, declarations, capReplicationToBrokerCount, DEFAULT_TIMEOUT);
  }

  /**
   * @param timeout how long to wait for each answer of Kafka
   */
  public TopicProvisioner(
      Admin admin,
      TopicDeclarations declarations,
      boolean capReplicationToBrokerCount,
      Duration timeout) {
    this.admin = admin;
    this.declarations = declarations;
    this.capReplicationToBrokerCount = capReplicationToBrokerCount;
    this.calls = new AdminCalls(timeout);
  }

  /**
   * Checks the declared topics that exist, then creates the missing ones and checks them too
   * (those another client created meanwhile, and the configs the created ones inherit from the
   * brokers); returns once all are visible and
   * every partition of the topics it created has a leader that answers as one (so the first
   * records sent to them are not refused).
   *
   * @throws TopicContradictionException if an existing topic contradicts its declaration
   * @throws TopicProvisioningException if Kafka fails or does not answer in time
   */
  public ProvisioningReport apply() {
    Set<String> existing = calls.await(admin.listTopics().names(), "listing topics");
    int brokerCount = calls.await(admin.describeCluster().nodes(), "counting brokers").size();
    // a contradiction stops the start before anything is created
    List<TopicDeclaration> listed =
        declarations.all().stream()
            .filter(declaration -> existing.contains(declaration.name()))
            .toList();
    List<String> warnings = new ArrayList<>(check(listed, brokerCount));
    List<TopicDeclaration> unlisted =
        declarations.all().stream()
            .filter(declaration -> !existing.contains(declaration.name()))
            .toList();
    // A broker's listing can lag the controller by a moment: a topic created just before is not
    // listed yet. The controller's dry run of the creation names it, so it is checked first too.
    Set<String> existsAtController = existingAtController(unlisted, brokerCount);
    warnings.addAll(
        check(
            unlisted.stream()
                .filter(declaration -> existsAtController.contains(declaration.name()))
                .toList(),
            brokerCount));
    List<TopicDeclaration> missing =
        unlisted.stream()
            .filter(declaration -> !existsAtController.contains(declaration.name()))
            .toList();
    List<String> created = create(missing, brokerCount);
    awaitLeaders(created);
    // the created ones too: what the broker's defaults give them (say, its message.max.bytes)
    warnings.addAll(check(missing, brokerCount));
    List<String> checked =
        declarations.all().stream()
            .map(TopicDeclaration::name)
            .filter(name -> !created.contains(name))
            .toList();
    return new ProvisioningReport(created, checked, warnings);
  }

  /**
   * Checks every declared topic without creating anything; needs only the rights to describe
   * topics and their configs.
   *
   * @throws MissingTopicsException naming every declared topic the cluster does not have
   * @throws TopicContradictionException if an existing topic contradicts its declaration
   * @throws TopicProvisioningException if Kafka fails or does not answer in time
   */
  public ProvisioningReport verify() {
    Set<String> existing = calls.await(admin.listTopics().names(), "listing topics");
    List<String> missing =
        declarations.all().stream()
            .map(TopicDeclaration::name)
            .filter(name -> !existing.contains(name))
            .toList();
    if (!missing.isEmpty()) {
      throw new MissingTopicsException(missing);
    }
    int brokerCount = calls.await(admin.describeCluster().nodes(), "counting brokers").size();
    List<String> warnings = check(declarations.all(), brokerCount);
    List<String> checked = declarations.all().stream().map(TopicDeclaration::name).toList();
    return new ProvisioningReport(List.of(), checked, warnings);
  }

  private int replicationFor(TopicDeclaration declaration, int brokerCount) {
    return capReplicationToBrokerCount
        ? Math.min(declaration.replication(), brokerCount)
        : declaration.replication();
  }

  /** Returns the names of the topics that the controller says exist, by a creation's dry run. */
  private Set<String> existingAtController(List<TopicDeclaration> unlisted, int brokerCount) {
    if (unlisted.isEmpty()) {
      return Set.of();
    }
    Map<String, KafkaFuture<Void>> results =
        admin
            .createTopics(
                newTopics(unlisted, brokerCount), new CreateTopicsOptions().validateOnly(true))
            .values();
    Set<String> exist = new HashSet<>();
    for (TopicDeclaration declaration : unlisted) {
      try {
        calls.await(
            results.get(declaration.name()),
            "checking that topic " + declaration.name() + " can be created (a dry run)");
      } catch (TopicProvisioningException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        exist.add(declaration.name());
      }
    }
    return exist;
  }

  private List<NewTopic> newTopics(List<TopicDeclaration> declarations, int brokerCount) {
    return declarations.stream()
        .map(
            declaration ->
                new NewTopic(
                        declaration.name(),
                        Optional.of(declaration.partitions()),
                        Optional.of((short) replicationFor(declaration, brokerCount)))
                    .configs(declaration.configs()))
        .toList();
  }

  /** Returns the names of the topics this call created (not those another client created first). */
  private List<String> create(List<TopicDeclaration> missing, int brokerCount) {
    if (missing.isEmpty()) {
      return List.of();
    }
    Map<String, KafkaFuture<Void>> results =
        admin.createTopics(newTopics(missing, brokerCount)).values();

    List<String> created = new ArrayList<>();
    for (TopicDeclaration declaration : missing) {
      try {
        calls.await(results.get(declaration.name()), "creating topic " + declaration.name());
        logCreated(declaration, brokerCount);
        created.add(declaration.name());
      } catch (TopicProvisioningException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
    return created;
  }

  private void logCreated(TopicDeclaration declaration, int brokerCount) {
    int replication = replicationFor(declaration, brokerCount);
    String partitions = count(declaration.partitions(), "partition");
    if (replication < declaration.replication()) {
      log.info(
          "topic {}: created with {}; replication {} capped to {} ({})",
          declaration.name(),
          partitions,
          declaration.replication(),
          replication,
          count(brokerCount, "broker"));
    } else {
      log.info(
          "topic {}: created with {}, replication {}", declaration.name(), partitions, replication);
    }
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Waits until every partition of {@code created} has a leader that answers as one. */
  private void awaitLeaders(List<String> created) {
    if (created.isEmpty()) {
      return;
    }
    Map<String, TopicDescription> described =
        calls.awaitUntil(
            () -> admin.describeTopics(created).allTopicNames(),
            descriptions -> LeaderlessPartitions.in(descriptions, created),
            "waiting for a leader of every partition of " + created);
    // A broker names itself leader in its metadata a moment before it takes writes as one (seen:
    // NOT_LEADER_OR_FOLLOWER for a write right after the describe): an end offset is answered by
    // the leader only, and the admin client asks again until it is.
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    described.values().forEach(
        topic ->
            topic.partitions().forEach(
                partition ->
                    partitions.put(
                        new TopicPartition(topic.name(), partition.partition()),
                        OffsetSpec.latest())));
    calls.await(
        admin.listOffsets(partitions).all(),
        "asking the leader of every partition of " + created + " for its end offset");
  }

  /** Returns the warnings about harmless differences; waits for topics created a moment ago. */
  private List<String> check(List<TopicDeclaration> topics, int brokerCount) {
    if (topics.isEmpty()) {
      return List.of();
    }
    List<String> names = topics.stream().map(TopicDeclaration::name).toList();
    List<ConfigResource> resources = names.stream().map(TopicProvisioner::resource).toList();
    Map<String, TopicDescription> descriptions =
        calls.awaitVisible(
            () -> admin.describeTopics(names).allTopicNames(), "describing " + names);
    Map<ConfigResource, Config> configs =
        calls.awaitVisible(
            () -> admin.describeConfigs(resources).all(), "reading the configs of " + names);

    List<String> contradictions = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (TopicDeclaration declaration : topics) {
      TopicComparison comparison =
          new TopicComparison(
              declaration,
              descriptions.get(declaration.name()),
              configs.get(resource(declaration.name())),
              replicationFor(declaration, brokerCount),
              declarations.followsPartitionsOption(declaration.name()));
      contradictions.addAll(comparison.contradictions());
      warnings.addAll(comparison.harmlessDifferences());
    }
    warnings.forEach(log::warn);
    if (!contradictions.isEmpty()) {
      throw new TopicContradictionException(contradictions);
    }
    return warnings;
  }

  private static ConfigResource resource(String topic) {
    return new ConfigResource(ConfigResource.Type.TOPIC, topic);
  }
}
