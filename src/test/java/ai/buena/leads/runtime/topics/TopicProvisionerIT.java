package ai.buena.leads.runtime.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.testing.SharedKafka;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TopicProvisionerIT {
  private final Admin admin = SharedKafka.admin();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger provisionerLogger = (Logger) LoggerFactory.getLogger(TopicProvisioner.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    provisionerLogger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    provisionerLogger.detachAppender(logs);
  }

  @Test
  void shouldCreateEveryMissingTopicWithItsConfigsAndReplicationCappedToTheBrokerCount()
      throws Exception {
    TopicDeclarations declarations = declaredTopicsWithUniqueNames();

    ProvisioningReport report = provisioner(declarations).apply();

    List<String> names = names(declarations);
    assertThat(report.created()).containsExactlyElementsOf(names);
    assertThat(report.warnings()).isEmpty();
    Map<String, TopicDescription> descriptions =
        admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS);
    for (TopicDeclaration declaration : declarations.all()) {
      TopicDescription description = descriptions.get(declaration.name());
      assertThat(description.partitions()).hasSize(declaration.partitions());
      assertThat(description.partitions().get(0).replicas()).hasSize(1);
      Config config = configOf(declaration.name());
      declaration
          .configs()
          .forEach((key, value) -> assertThat(config.get(key).value()).as(key).isEqualTo(value));
      assertThat(infoLinesAbout(declaration.name()))
          .containsExactly(
              "topic "
                  + declaration.name()
                  + ": created with "
                  + declaration.partitions()
                  + (declaration.partitions() == 1 ? " partition" : " partitions")
                  + "; replication 3 capped to 1 (1 broker)");
    }
  }

  @Test
  void shouldChangeNothingWhenAppliedASecondTime() {
    TopicDeclarations declarations = declaredTopicsWithUniqueNames();
    provisioner(declarations).apply();

    ProvisioningReport second = provisioner(declarations).apply();

    assertThat(second.created()).isEmpty();
    assertThat(second.checked()).containsExactlyInAnyOrderElementsOf(names(declarations));
    assertThat(second.warnings()).isEmpty();
  }

  @Test
  void shouldTolerateAnotherProvisionerCreatingTheSameTopicsConcurrently() {
    TopicDeclarations declarations = declaredTopicsWithUniqueNames();

    CompletableFuture<ProvisioningReport> first =
        CompletableFuture.supplyAsync(() -> provisioner(declarations).apply());
    CompletableFuture<ProvisioningReport> second =
        CompletableFuture.supplyAsync(() -> provisioner(declarations).apply());

    List<String> createdByEither =
        Stream.concat(
                first.orTimeout(60, TimeUnit.SECONDS).join().created().stream(),
                second.orTimeout(60, TimeUnit.SECONDS).join().created().stream())
            .toList();
    assertThat(createdByEither).containsExactlyInAnyOrderElementsOf(names(declarations));
  }

  @Test
  void shouldRefuseTopicWithFewerPartitionsThanDeclared() throws Exception {
    TopicDeclaration leadEvents = uniquelyNamed("lead-events");
    createTopic(leadEvents.name(), 3, leadEvents.configs());

    assertThatThrownBy(() -> provisioner(TopicDeclarations.of(List.of(leadEvents))).apply())
        .isInstanceOf(TopicContradictionException.class)
        .hasMessageStartingWith(
            "Topic " + leadEvents.name() + " has 3 partitions but topics/topics.yaml declares 6:");
  }

  @Test
  void shouldCreateNoMissingTopicWhenAnExistingOneContradictsItsDeclaration() throws Exception {
    TopicDeclaration leadEvents = uniquelyNamed("lead-events");
    TopicDeclaration deadLetters = uniquelyNamed("lead-events.dlq");
    createTopic(leadEvents.name(), 3, leadEvents.configs());

    assertThatThrownBy(
            () -> provisioner(TopicDeclarations.of(List.of(leadEvents, deadLetters))).apply())
        .isInstanceOf(TopicContradictionException.class);

    assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS))
        .doesNotContain(deadLetters.name());
  }

  @Test
  void shouldReportAListedTopicsContradictionBeforeAMissingTopicsDryRunFails() throws Exception {
    TopicDeclaration leadEvents = uniquelyNamed("lead-events");
    TopicDeclaration deadLetters = uniquelyNamed("lead-events.dlq");
    createTopic(leadEvents.name(), 3, leadEvents.configs());
    await()
        .atMost(SharedKafka.DEADLINE)
        .until(() -> admin.listTopics().names().get().contains(leadEvents.name()));
    // replication 3 on one broker: the dead letters' dry run would fail
    TopicProvisioner uncapped =
        new TopicProvisioner(
            admin, TopicDeclarations.of(List.of(leadEvents, deadLetters)), false, SharedKafka.DEADLINE);

    assertThatThrownBy(uncapped::apply)
        .isInstanceOf(TopicContradictionException.class)
        .hasMessageContaining(leadEvents.name() + " has 3 partitions");
  }

  @Test
  void shouldCheckATopicTheListingDoesNotShowYetBeforeCreatingAnything() throws Exception {
    TopicDeclaration leadEvents = uniquelyNamed("lead-events");
    TopicDeclaration deadLetters = uniquelyNamed("lead-events.dlq");
    createTopic(leadEvents.name(), 3, leadEvents.configs());
    Admin listingLagsBehind = hidingFromListing(leadEvents.name());

    assertThatThrownBy(
            () ->
                new TopicProvisioner(
                        listingLagsBehind,
                        TopicDeclarations.of(List.of(leadEvents, deadLetters)),
                        true,
                        SharedKafka.DEADLINE)
                    .apply())
        .isInstanceOf(TopicContradictionException.class)
        .hasMessageContaining(leadEvents.name() + " has 3 partitions");

    assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS))
        .doesNotContain(deadLetters.name());
  }

  @Test
  void shouldRefuseCompactedTopicThatExistsWithDeletePolicy() throws Exception {
    TopicDeclaration projections = uniquelyNamed("lead-projections");
    createTopic(projections.name(), 6, Map.of("cleanup.policy", "delete"));

    assertThatThrownBy(() -> provisioner(TopicDeclarations.of(List.of(projections))).apply())
        .isInstanceOf(TopicContradictionException.class)
        .hasMessageStartingWith(
            "Topic "
                + projections.name()
                + " has cleanup.policy delete but topics/topics.yaml declares compact:");
  }

  @Test
  void shouldRefuseTopicDeclaredToKeepRecordsForeverThatHasAFiniteRetention() throws Exception {
    TopicDeclaration leadEvents = uniquelyNamed("lead-events");
    Map<String, String> finiteRetention = new HashMap<>(leadEvents.configs());
    finiteRetention.put("retention.ms", "604800000");
    createTopic(leadEvents.name(), 6, finiteRetention);

    assertThatThrownBy(() -> provisioner(TopicDeclarations.of(List.of(leadEvents))).apply())
        .isInstanceOf(TopicContradictionException.class)
        .hasMessageStartingWith(
            "Topic "
                + leadEvents.name()
                + " has retention.ms 604800000 but topics/topics.yaml declares -1:");
  }

  @Test
  void shouldOnlyWarnAboutAConfigDifferenceThatDoesNotBreakCorrectness() throws Exception {
    TopicDeclaration apiKeys = uniquelyNamed("lead-api-keys");
    Map<String, String> laggingCompaction = new HashMap<>(apiKeys.configs());
    laggingCompaction.put("min.compaction.lag.ms", "60000");
    createTopic(apiKeys.name(), 1, laggingCompaction);

    ProvisioningReport report = provisioner(TopicDeclarations.of(List.of(apiKeys))).apply();

    assertThat(report.warnings())
        .containsExactly(
            "topic "
                + apiKeys.name()
                + ": min.compaction.lag.ms is 60000 but topics/topics.yaml declares 0");
    assertThat(logs.list)
        .filteredOn(event -> event.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactlyElementsOf(report.warnings());
  }

  @Test
  void shouldNameTheTopicWhenTheClusterHasTooFewBrokersForTheDeclaredReplication() {
    TopicDeclaration dlq = uniquelyNamed("lead-events.dlq");
    TopicProvisioner uncapped =
        new TopicProvisioner(
            admin, TopicDeclarations.of(List.of(dlq)), false, SharedKafka.DEADLINE);

    assertThatThrownBy(uncapped::apply)
        .isInstanceOf(TopicProvisioningException.class)
        .hasMessageStartingWith(
            "Kafka failed while checking that topic " + dlq.name() + " can be created (a dry run):")
        .hasMessageContaining("replication factor of 3");
  }

  @Test
  void shouldNameEveryMissingTopicAndCreateNoneWhenVerifying() throws Exception {
    TopicDeclarations declarations = declaredTopicsWithUniqueNames();
    TopicDeclaration events = declarations.all().get(0);
    createTopic(events.name(), events.partitions(), events.configs());
    await()
        .atMost(SharedKafka.DEADLINE)
        .until(() -> admin.listTopics().names().get().contains(events.name()));
    List<String> missing = names(declarations).subList(1, declarations.all().size());

    assertThatThrownBy(() -> provisioner(declarations).verify())
        .isInstanceOf(MissingTopicsException.class)
        .hasMessageStartingWith("missing topics " + String.join(", ", missing) + ":");
    assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS)).doesNotContainAnyElementsOf(missing);
  }

  @Test
  void shouldCheckEveryTopicWhenVerifyingTopicsThatExist() {
    TopicDeclarations declarations = declaredTopicsWithUniqueNames();
    provisioner(declarations).apply();

    ProvisioningReport report = provisioner(declarations).verify();

    assertThat(report.created()).isEmpty();
    assertThat(report.checked()).containsExactlyElementsOf(names(declarations));
  }

  @Test
  void shouldRefuseAContradictingTopicWhenVerifying() throws Exception {
    TopicDeclarations declarations = declaredTopicsWithUniqueNames();
    provisioner(declarations).apply();
    TopicDeclaration events = declarations.all().get(0);
    TopicDeclarations wrongPartitions =
        TopicDeclarations.of(
            List.of(
                new TopicDeclaration(
                    events.name(),
                    events.partitions() + 1,
                    events.replication(),
                    events.configs(),
                    events.writers(),
                    events.readers(),
                    events.description())));

    assertThatThrownBy(() -> provisioner(wrongPartitions).verify())
        .isInstanceOf(TopicContradictionException.class);
  }

  /** The shared admin, except that its topic listing leaves out {@code hidden}, as a lagging one. */
  private Admin hidingFromListing(String hidden) {
    return (Admin)
        Proxy.newProxyInstance(
            Admin.class.getClassLoader(),
            new Class<?>[] {Admin.class},
            (proxy, method, args) -> {
              Object answer = method.invoke(admin, args);
              if (!method.getName().equals("listTopics")) {
                return answer;
              }
              KafkaFuture<Map<String, TopicListing>> listed =
                  ((ListTopicsResult) answer)
                      .namesToListings()
                      .thenApply(
                          listings -> {
                            Map<String, TopicListing> shown = new HashMap<>(listings);
                            shown.remove(hidden);
                            return shown;
                          });
              Constructor<ListTopicsResult> result =
                  ListTopicsResult.class.getDeclaredConstructor(KafkaFuture.class);
              result.setAccessible(true);
              return result.newInstance(listed);
            });
  }

  private TopicProvisioner provisioner(TopicDeclarations declarations) {
    return new TopicProvisioner(admin, declarations, true, SharedKafka.DEADLINE);
  }

  private static TopicDeclarations declaredTopicsWithUniqueNames() {
    return SharedKafka.UniqueTopics.declare().declarations();
  }

  private static TopicDeclaration uniquelyNamed(String declaredName) {
    return TopicDeclarations.loadFromClasspath()
        .get(declaredName)
        .withName(SharedKafka.uniqueName(declaredName));
  }

  private static List<String> names(TopicDeclarations declarations) {
    return declarations.all().stream().map(TopicDeclaration::name).toList();
  }

  private void createTopic(String name, int partitions, Map<String, String> configs)
      throws Exception {
    admin
        .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
        .all()
        .get(60, TimeUnit.SECONDS);
  }

  private Config configOf(String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get(60, TimeUnit.SECONDS).get(resource);
  }

  private List<String> infoLinesAbout(String topic) {
    return logs.list.stream()
        .filter(event -> event.getLevel() == Level.INFO)
        .map(ILoggingEvent::getFormattedMessage)
        .filter(message -> message.startsWith("topic " + topic + ":"))
        .toList();
  }
}
