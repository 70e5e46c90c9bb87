package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.projection.LeadTopology;
import ai.buena.leads.projection.Names;
import ai.buena.leads.testing.JarCommand;
import ai.buena.leads.testing.RunningApp;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up check of the projection's changelog topics, against the shared broker. */
class StateTopicsCheckIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final String group = "it-state-topics-" + UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path dataDir;

  @BeforeAll
  static void topics() {
    TestTopics.ensureDeclaredTopics();
  }

  @Test
  void shouldEndServeWithExitCode2WhenItsChangelogsAreGoneBehindProcessedEvents() throws Exception {
    commitOffsetOnLeadEvents(group);

    JarCommand.Result run = JarCommand.serveOnSharedBroker("--application-id", group);

    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.errLines())
        .filteredOn(line -> line.startsWith("serve"))
        .singleElement()
        .asString()
        .startsWith(
            "serve: the projection's state topics "
                + String.join(", ", LeadTopology.changelogTopics(group))
                + " are missing, but group "
                + group
                + " has read lead-events");
    assertThat(SharedKafka.admin().listTopics().names().get(60, TimeUnit.SECONDS))
        .noneMatch(name -> name.startsWith(group + "-"));
  }

  @Test
  void shouldStartAGroupWhoseChangelogsAllExist() throws Exception {
    commitOffsetOnLeadEvents(group);
    createChangelogs();

    assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT)).isEmpty();
  }

  @Test
  void shouldRefuseAGroupWhoseLeadsChangelogDeletesRecordsByAge() throws Exception {
    commitOffsetOnLeadEvents(group);
    String leads = LeadTopology.changelogTopics(group).get(0);
    createChangelogs(Map.of(leads, Map.of("cleanup.policy", "delete", "retention.ms", "604800000")));

    assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .startsWith("the projection's state topics would lose records a restore needs: ")
                    .contains(leads + " has cleanup.policy=delete with retention.ms=604800000")
                    .contains("set cleanup.policy=compact on it"));
  }

  @Test
  void shouldRefuseAGroupWhoseEventIdsChangelogKeepsLessThanTheDeduplicationWindow() throws Exception {
    commitOffsetOnLeadEvents(group);
    String eventIds = group + "-event-ids-changelog";
    createChangelogs(Map.of(eventIds, Map.of("cleanup.policy", "compact,delete", "retention.ms", "86400000")));

    assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .contains(eventIds + " keeps records for retention.ms=86400000, less than the de-duplication window of 604800000 ms")
                    .contains("set retention.ms=691200000"));
  }

  @Test
  void shouldRefuseAGroupWhoseLeadsChangelogHasLostRecords() throws Exception {
    commitOffsetOnLeadEvents(group);
    String leads = LeadTopology.changelogTopics(group).get(0);
    // records of a compacted-only topic cannot be deleted (the broker refuses DeleteRecords)
    createChangelogs(Map.of(leads, Map.of("cleanup.policy", "compact,delete", "retention.ms", "-1")));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings(Map.of()))) {
      for (int i = 0; i < 3; i++) {
        producer.send(new ProducerRecord<>(leads, 0, bytes("lead_" + i), bytes("{}"))).get(60, TimeUnit.SECONDS);
      }
    }
    SharedKafka.admin()
        .deleteRecords(Map.of(new TopicPartition(leads, 0), RecordsToDelete.beforeOffset(2)))
        .all()
        .get(60, TimeUnit.SECONDS);

    assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .startsWith("the projection's state topics have lost records: " + leads + "-0 starts at offset 2")
                    .contains("reprocess from scratch"));
  }

  @Test
  void shouldRefuseAGroupWhoseChangelogWasCreatedAgainSinceThisStateDirectoryRan() throws Exception {
    commitOffsetOnLeadEvents(group);
    Map<String, Uuid> created = createChangelogs();
    String leads = LeadTopology.changelogTopics(group).get(0);
    Map<String, Uuid> remembered = new java.util.HashMap<>(created);
    Uuid before = Uuid.randomUuid();
    remembered.put(leads, before);
    RememberedChangelogs.write(RememberedChangelogs.file(config()), remembered);

    assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .startsWith(
                        "the projection's state topics "
                            + leads
                            + " (topic ID "
                            + before
                            + ", now "
                            + created.get(leads)
                            + ") were deleted and created again"));
  }

  @Test
  void shouldStartAGroupWhoseChangelogsAreTheOnesThisStateDirectoryRanWith() throws Exception {
    commitOffsetOnLeadEvents(group);
    RememberedChangelogs.write(RememberedChangelogs.file(config()), createChangelogs());

    assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT)).isEmpty();
  }

  @Test
  void shouldForgetTheChangelogsRememberedForAGroupThatReplaysFromTheStart() {
    RememberedChangelogs.write(
        RememberedChangelogs.file(config()), Map.of(LeadTopology.changelogTopics(group).get(0), Uuid.randomUuid()));

    assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT)).isEmpty();
    assertThat(RememberedChangelogs.file(config())).doesNotExist();
  }

  @Test
  void shouldRefuseAGroupWithoutOffsetsOnPartitionsWhoseEventsTheStateApplied() throws Exception {
    commitOffsetOnLeadEvents(group);
    createChangelogs();
    String appliedOffsets = group + "-applied-offsets-changelog";
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings(Map.of()))) {
      producer
          .send(new ProducerRecord<>(appliedOffsets, 1, bytes(LeadTopology.APPLIED_OFFSET_KEY), longBytes(41)))
          .get(60, TimeUnit.SECONDS);
    }

    assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .startsWith(
                        "group "
                            + group
                            + " has no committed offsets on lead-events partitions [1], but the state has"
                            + " applied their events up to offsets {1=41}"));
  }

  @Test
  void shouldStartAGroupWhosePartitionsWithoutOffsetsNeverHadAnEvent() throws Exception {
    commitOffsetOnLeadEvents(group);
    createChangelogs();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings(Map.of()))) {
      producer
          .send(new ProducerRecord<>(group + "-applied-offsets-changelog", 0, bytes(LeadTopology.APPLIED_OFFSET_KEY), longBytes(0)))
          .get(60, TimeUnit.SECONDS);
    }

    assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT)).isEmpty();
  }

  @Test
  void shouldStartAGroupThatHasNotProcessedAnyEvent() {
    assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT)).isEmpty();
  }

  @Test
  void shouldRefuseAGroupWithoutOffsetsWhoseLeadsChangelogHoldsState() throws Exception {
    String changelog = LeadTopology.changelogTopics(group).get(0);
    createTopic(changelog);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings(Map.of()))) {
      producer.send(new ProducerRecord<>(changelog, bytes("lead_1"), bytes("{}"))).get(60, TimeUnit.SECONDS);
    }

    assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT))
        .hasValueSatisfying(
            message ->
                assertThat(message)
                    .startsWith("group " + group + " has no committed offsets on lead-events, but its state topic " + changelog));
  }

  @Test
  void shouldLeaveAGroupWithMembersAtWorkToCommitItsOwnOffsets() throws Exception {
    String changelog = LeadTopology.changelogTopics(group).get(0);
    createTopic(changelog);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerSettings(Map.of()))) {
      producer.send(new ProducerRecord<>(changelog, bytes("lead_1"), bytes("{}"))).get(60, TimeUnit.SECONDS);
    }
    try (KafkaConsumer<byte[], byte[]> member = new KafkaConsumer<>(memberSettings())) {
      member.subscribe(List.of(changelog));
      await()
          .atMost(SharedKafka.DEADLINE)
          .until(
              () -> {
                member.poll(Duration.ofMillis(100));
                return !member.assignment().isEmpty();
              });

      assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT)).isEmpty();
    }
  }

  @Test
  void shouldStartAGroupWhoseOnlyChangelogRecordsWereAborted() throws Exception {
    String changelog = LeadTopology.changelogTopics(group).get(0);
    createTopic(changelog);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(producerSettings(Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, group + "-tx")))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(changelog, bytes("lead_1"), bytes("{}"))).get(60, TimeUnit.SECONDS);
      producer.abortTransaction();
    }

    assertThat(StateTopicsCheck.refusal(SharedKafka.admin(), config(), TIMEOUT)).isEmpty();
  }

  private Map<String, Uuid> createChangelogs() throws Exception {
    return createChangelogs(Map.of());
  }

  /** The changelogs as Kafka Streams creates them, but for the configs in {@code otherwise}. */
  private Map<String, Uuid> createChangelogs(Map<String, Map<String, String>> otherwise) throws Exception {
    List<String> changelogs = LeadTopology.changelogTopics(group);
    CreateTopicsResult created =
        SharedKafka.admin()
            .createTopics(
                changelogs.stream()
                    .map(
                        topic ->
                            new NewTopic(topic, 6, (short) 1)
                                .configs(
                                    otherwise.getOrDefault(
                                        topic,
                                        topic.endsWith("-event-ids-changelog")
                                            ? Map.of("cleanup.policy", "compact,delete", "retention.ms", "691200000")
                                            : Map.of("cleanup.policy", "compact"))))
                    .toList());
    Map<String, Uuid> ids = new java.util.HashMap<>();
    for (String topic : changelogs) {
      ids.put(topic, created.topicId(topic).get(60, TimeUnit.SECONDS));
    }
    // a topic created a moment ago may be missing from the broker's listing for a moment
    await()
        .atMost(SharedKafka.DEADLINE)
        .until(() -> SharedKafka.admin().listTopics().names().get(60, TimeUnit.SECONDS).containsAll(changelogs));
    return ids;
  }

  private static void createTopic(String topic) throws Exception {
    SharedKafka.admin().createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(60, TimeUnit.SECONDS);
  }

  private static Map<String, Object> producerSettings(Map<String, Object> more) {
    Map<String, Object> settings = new java.util.HashMap<>(more);
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return settings;
  }

  private Map<String, Object> memberSettings() {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
  }

  private static byte[] longBytes(long value) {
    return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private AppConfig config() {
    return RunningApp.config(group, dataDir, "exactly_once_v2");
  }

  private static void commitOffsetOnLeadEvents(String group) throws Exception {
    SharedKafka.admin()
        .alterConsumerGroupOffsets(
            group, Map.of(new TopicPartition(Names.LEAD_EVENTS, 0), new OffsetAndMetadata(1)))
        .all()
        .get(60, TimeUnit.SECONDS);
  }
}
