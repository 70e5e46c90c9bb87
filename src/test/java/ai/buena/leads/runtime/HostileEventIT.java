package ai.buena.leads.runtime;

import ai.buena.leads.projection.LeadPartitioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.projection.DeadLetterRecord;
import ai.buena.leads.projection.Names;
import ai.buena.leads.projection.TopicNames;
import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.projection.InputPartitioning;
import ai.buena.leads.projection.ProjectionMetrics;
import ai.buena.leads.testing.EventJson;
import ai.buena.leads.testing.RunningApp;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** issue 11, end to end on a real broker: one oversized event must not take a partition down. */
class HostileEventIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final int PARTITIONS = 6;
  private static final int NOTES_BYTES = 2_000_000;

  @TempDir Path dataDir;

  @Test
  void shouldDeadLetterATwoMegabyteGzipEventAndApplyTheEventsBehindItWithoutLosingAThread()
      throws Exception {
    String workspace = "ws_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String bigLead = "lead_big_" + workspace;
    int partition = LeadPartitioner.partitionOf(bigLead, PARTITIONS);
    List<String> behind = leadIdsOnPartition(workspace, partition, 5);
    AppConfig config =
        RunningApp.config("it-hostile-" + UUID.randomUUID(), dataDir, "exactly_once_v2");

    try (RunningApp app = RunningApp.start(config)) {
      assertThat(app.app().awaitRunning(DEADLINE)).isTrue();
      KafkaStreams streams = app.app().projection().streams();
      Set<String> threadsAtStart = threadNames(streams);

      RecordMetadata big;
      try (KafkaProducer<byte[], byte[]> producer = gzipProducer()) {
        String huge =
            EventJson.created(
                "e-big", bigLead, workspace, "2024-01-15T10:30:00Z",
                Map.of("notes", "n".repeat(NOTES_BYTES)));
        big = producer.send(new ProducerRecord<>(Names.LEAD_EVENTS, utf8(bigLead), utf8(huge))).get();
        for (String leadId : behind) {
          RecordMetadata sent =
              producer
                  .send(
                      new ProducerRecord<>(
                          Names.LEAD_EVENTS,
                          utf8(leadId),
                          utf8(EventJson.created("e-" + leadId, leadId, workspace,
                              "2024-01-15T10:31:00Z", Map.of("firstName", "Behind")))))
                  .get();
          assertThat(sent.partition()).isEqualTo(big.partition());
        }
      }
      assertThat(big.partition()).isEqualTo(partition);

      await()
          .atMost(DEADLINE)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(app.leadsOf(workspace).keySet()).containsExactlyInAnyOrderElementsOf(behind));
      ConsumerRecord<byte[], byte[]> letter = deadLetterOf(bigLead);
      assertThat(header(letter, "error.code")).isEqualTo("TOO_LARGE");
      assertThat(header(letter, "error.value.truncated")).isEqualTo("true");
      assertThat(Integer.parseInt(header(letter, "error.value.size"))).isGreaterThan(NOTES_BYTES);
      assertThat(letter.value()).hasSize(DeadLetterRecord.MAX_VALUE_BYTES);
      assertThat(header(letter, "source.topic")).isEqualTo(Names.LEAD_EVENTS);
      assertThat(header(letter, "source.partition")).isEqualTo(Integer.toString(big.partition()));
      assertThat(header(letter, "source.offset")).isEqualTo(Long.toString(big.offset()));

      ProjectionMetrics metrics = app.app().projection().metrics();
      assertThat(metrics.streamThreadFailureCount()).isZero();
      assertThat(metrics.failedAttemptCount()).isZero();
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(threadNames(streams)).isEqualTo(threadsAtStart);
      assertThat(streams.metadataForLocalThreads())
          .allSatisfy(thread -> assertThat(thread.threadState()).isEqualTo("RUNNING"));
      assertThat(scrape(app.app().httpPort()))
          .containsPattern("(?m)^leads_events_dead_lettered_total\\{code=\"TOO_LARGE\"\\} [1-9]")
          .containsPattern("(?m)^leads_stream_thread_failures_total 0\\.0$")
          .containsPattern("(?m)^leads_events_failed_attempts_total 0\\.0$")
          .containsPattern("(?m)^leads_events_skipped_total\\{code=\"OUTPUT_REJECTED\"\\} 0\\.0$")
          .containsPattern("(?m)^leads_live 1\\.0$");
    }
  }

  /**
   * The dead-letter topic takes less than a full dead letter since after the start (lowered once
   * the instance read its limit), so the broker refuses the copy of a too-large event after the
   * events behind it were processed: the refusal is counted against the event whose dead letter it was, which is then
   * dead-lettered as an excerpt, and the events behind it are applied, not dead-lettered. Each
   * refusal fails the stream thread, whose replacement takes over its partitions at once.
   */
  @Test
  void shouldDeadLetterAnExcerptWhenTheDeadLetterTopicRefusesTheCopyAndApplyTheEventsBehindIt()
      throws Exception {
    refuseTheDeadLetterOfALargeEventWithFiveBehind(InputPartitioning.CHECKED, false);
  }

  /** The same for an event on another partition than its lead's, too large to be moved there. */
  @Test
  void shouldDeadLetterAnExcerptOfAMisplacedEventTooLargeToMoveWhenTheDeadLetterTopicRefusesTheCopy()
      throws Exception {
    refuseTheDeadLetterOfALargeEventWithFiveBehind(InputPartitioning.ANY, true);
  }

  private void refuseTheDeadLetterOfALargeEventWithFiveBehind(
      InputPartitioning partitioning, boolean misplaced) throws Exception {
    String workspace = "ws_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String bigLead = "lead_big_" + workspace;
    int leadsPartition = LeadPartitioner.partitionOf(bigLead, PARTITIONS);
    int partition = misplaced ? (leadsPartition + 1) % PARTITIONS : leadsPartition;
    List<String> behind = leadIdsOnPartition(workspace, partition, 5);
    TopicNames topics = TopicNames.of("it-small-dlq-" + workspace + ".", Map.of());
    Topics.apply(SharedKafka.admin(), Topics.declared(topics, null), TopicsMode.CREATE, true);
    AppConfig config =
        appOn(topics, partitioning)
        // a static member, as serve is by default, whose group would wait minutes for a member
        // that stopped: each failed thread's member must be taken out of the group at once
        .withLifecycle(
            new Lifecycle(Optional.of("it-small-dlq-" + workspace), Duration.ofMinutes(5), false, Duration.ZERO));

    try (RunningApp app = RunningApp.start(config)) {
      assertThat(app.app().awaitRunning(DEADLINE)).isTrue();
      // lowered once the instance has read it at start: it no longer cuts dead letters to fit
      await()
          .atMost(DEADLINE)
          .until(() -> app.app().projection().deadLetterLimit().topicMaxMessageBytes() > 0);
      limitDeadLetters(topics, 600_000);
      RecordMetadata big = sendLargeEventThenOthers(topics, workspace, bigLead, partition, behind);
      assertThat(big.partition()).isEqualTo(partition);

      awaitOnlyTheseLeads(app, workspace, behind);
      ConsumerRecord<byte[], byte[]> letter = deadLetterOf(topics.deadLetters(), bigLead);
      assertThat(header(letter, "error.code")).isEqualTo("OUTPUT_REJECTED");
      assertThat(letter.value()).hasSize(DeadLetterRecord.EXCERPT_VALUE_BYTES);
      assertThat(header(letter, "source.offset")).isEqualTo(Long.toString(big.offset()));
      assertThat(TopicReader.readAll(topics.deadLetters())).hasSize(1);
      ProjectionMetrics metrics = app.app().projection().metrics();
      // three attempts; an attempt's other outputs in flight may fail with it and count too
      assertThat(metrics.failedAttemptCount()).isGreaterThanOrEqualTo(3);
      assertThat(app.app().projection().streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  /**
   * Events applied before a thread failed, re-sent after it: the failed tasks start again on their
   * stores (each with a new filter of seen event ids, which reads its store before it answers), and
   * the copies are still recognised as applied, while new events behind them are applied.
   */
  @Test
  void shouldIgnoreResentCopiesOfAppliedEventsAfterTheFailedThreadsTasksStartAgain() throws Exception {
    String workspace = "ws_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String bigLead = "lead_big_" + workspace;
    int partition = LeadPartitioner.partitionOf(bigLead, PARTITIONS);
    List<String> earlier = leadIdsOnPartition(workspace, partition, 3);
    TopicNames topics = TopicNames.of("it-small-dlq-" + workspace + ".", Map.of());
    Topics.apply(SharedKafka.admin(), Topics.declared(topics, null), TopicsMode.CREATE, true);
    AppConfig config =
        appOn(topics, InputPartitioning.CHECKED)
            .withLifecycle(
                new Lifecycle(Optional.of("it-small-dlq-" + workspace), Duration.ofMinutes(5), false, Duration.ZERO));

    try (RunningApp app = RunningApp.start(config);
        KafkaProducer<byte[], byte[]> producer = gzipProducer()) {
      assertThat(app.app().awaitRunning(DEADLINE)).isTrue();
      await()
          .atMost(DEADLINE)
          .until(() -> app.app().projection().deadLetterLimit().topicMaxMessageBytes() > 0);
      for (String leadId : earlier) {
        producer.send(record(topics, leadId, created(workspace, leadId)));
        producer.send(record(topics, leadId, lastNameChange(workspace, leadId, "Original")));
      }
      producer.flush();
      awaitOnlyTheseLeads(app, workspace, earlier);
      // committed, so that the failed task's store, wiped and restored, holds them
      await()
          .atMost(DEADLINE)
          .untilAsserted(() -> assertThat(TopicReader.readAll(topics.leadProjections())).hasSize(2 * earlier.size()));

      limitDeadLetters(topics, 600_000);
      String huge =
          EventJson.created(
              "e-big", bigLead, workspace, "2024-01-15T10:30:00Z", Map.of("notes", randomLetters(1_100_000)));
      producer.send(new ProducerRecord<>(topics.leadEvents(), partition, utf8(bigLead), utf8(huge))).get();
      for (String leadId : earlier) {
        producer.send(record(topics, leadId, lastNameChange(workspace, leadId, "Copy")));
        producer.send(
            record(
                topics, leadId,
                EventJson.updated("e-after-" + leadId, leadId, workspace, "2024-01-15T11:00:00Z", Map.of("title", "After"))));
      }
      producer.flush();

      // committed: the attempt that dead-lettered the large event's excerpt got past it (the
      // failed stream threads' exceptions are expected)
      await()
          .atMost(DEADLINE)
          .pollInterval(Duration.ofMillis(250))
          .dontCatchUncaughtExceptions()
          .untilAsserted(
              () ->
                  assertThat(committedLeadJson(topics))
                      .filteredOn(json -> json.contains("\"After\""))
                      .hasSize(earlier.size()));
      assertThat(committedLeadJson(topics)).noneMatch(json -> json.contains("\"Copy\""));
      assertThat(app.leadsOf(workspace).values())
          .hasSize(earlier.size())
          .allSatisfy(lead -> assertThat(lead.lastName()).isEqualTo("Original"))
          .allSatisfy(lead -> assertThat(lead.title()).isEqualTo("After"));
      ProjectionMetrics metrics = app.app().projection().metrics();
      // three attempts; an attempt's other outputs in flight may fail with it and count too (CI,
      // 2026-12-07: the event-ids changelog's write failed 14 ms after the first dead letter's)
      assertThat(metrics.failedAttemptCount()).isGreaterThanOrEqualTo(3);
      assertThat(metrics.deduplicatedCount()).isGreaterThanOrEqualTo(earlier.size());
    }
  }

  private static List<String> committedLeadJson(TopicNames topics) {
    return TopicReader.readAll(topics.leadProjections()).stream()
        .map(r -> new String(r.value(), StandardCharsets.UTF_8))
        .toList();
  }

  private static String created(String workspace, String leadId) {
    return EventJson.created("e-" + leadId, leadId, workspace, "2024-01-15T10:31:00Z", Map.of("firstName", "Earlier"));
  }

  /** The same event id for every {@code lastName}: the second one sent is a re-sent copy. */
  private static String lastNameChange(String workspace, String leadId, String lastName) {
    return EventJson.updated("e-last-" + leadId, leadId, workspace, "2024-01-15T10:32:00Z", Map.of("lastName", lastName));
  }

  private static ProducerRecord<byte[], byte[]> record(TopicNames topics, String leadId, String event) {
    return new ProducerRecord<>(topics.leadEvents(), utf8(leadId), utf8(event));
  }

  /** The dead-letter topic took less than a full copy at start: copies are cut to fit it. */
  @Test
  void shouldCutTheDeadLetterOfALargeEventToWhatTheDeadLetterTopicTakesWithoutFailingAThread()
      throws Exception {
    String workspace = "ws_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String bigLead = "lead_big_" + workspace;
    List<String> behind =
        leadIdsOnPartition(workspace, LeadPartitioner.partitionOf(bigLead, PARTITIONS), 5);
    TopicNames topics = TopicNames.of("it-small-dlq-" + workspace + ".", Map.of());
    Topics.apply(SharedKafka.admin(), Topics.declared(topics, null), TopicsMode.CREATE, true);
    limitDeadLetters(topics, 600_000);
    AppConfig config = appOn(topics, InputPartitioning.CHECKED);

    try (RunningApp app = RunningApp.start(config)) {
      assertThat(app.app().awaitRunning(DEADLINE)).isTrue();
      await()
          .atMost(DEADLINE)
          .until(() -> app.app().projection().deadLetterLimit().topicMaxMessageBytes() == 600_000);
      sendLargeEventThenOthers(
          topics, workspace, bigLead, LeadPartitioner.partitionOf(bigLead, PARTITIONS), behind);

      awaitOnlyTheseLeads(app, workspace, behind);
      ConsumerRecord<byte[], byte[]> letter = deadLetterOf(topics.deadLetters(), bigLead);
      assertThat(header(letter, "error.code")).isEqualTo("TOO_LARGE");
      assertThat(header(letter, "error.value.truncated")).isEqualTo("true");
      assertThat(letter.value()).hasSize(app.app().projection().deadLetterLimit().maxValueBytes());
      ProjectionMetrics metrics = app.app().projection().metrics();
      assertThat(metrics.failedAttemptCount()).isZero();
      assertThat(metrics.streamThreadFailureCount()).isZero();
    }
  }

  /** One instance, one stream thread, exactly-once, on {@code topics}. */
  private AppConfig appOn(TopicNames topics, InputPartitioning partitioning) {
    return new AppConfig(
        SharedKafka.bootstrapServers(), 0, dataDir, "it-small-dlq-" + UUID.randomUUID(),
        "http://localhost:1", "test-cluster-secret-0123456789", "exactly_once_v2", 1, 1, 0,
        Duration.ofDays(7), 1000, KafkaClientConfig.plain(SharedKafka.bootstrapServers()),
        topics, partitioning);
  }

  /**
   * A 1.1 MB event of {@code bigLead} on {@code partition}, of random letters (neither gzip, the
   * event's, nor lz4, its dead letter's, shrinks them far), then a small event of each of {@code
   * others}, keyed to their own partitions.
   */
  private static RecordMetadata sendLargeEventThenOthers(
      TopicNames topics, String workspace, String bigLead, int partition, List<String> others)
      throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = gzipProducer()) {
      String huge =
          EventJson.created(
              "e-big", bigLead, workspace, "2024-01-15T10:30:00Z",
              Map.of("notes", randomLetters(1_100_000)));
      RecordMetadata big =
          producer
              .send(new ProducerRecord<>(topics.leadEvents(), partition, utf8(bigLead), utf8(huge)))
              .get();
      for (String leadId : others) {
        producer.send(
            new ProducerRecord<>(
                topics.leadEvents(),
                utf8(leadId),
                utf8(EventJson.created("e-" + leadId, leadId, workspace,
                    "2024-01-15T10:31:00Z", Map.of("firstName", "Behind")))));
      }
      return big;
    }
  }

  private static void awaitOnlyTheseLeads(RunningApp app, String workspace, List<String> leadIds) {
    await()
        .atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(() -> assertThat(app.leadsOf(workspace).keySet()).containsExactlyInAnyOrderElementsOf(leadIds));
  }

  private static void limitDeadLetters(TopicNames topics, int maxMessageBytes) throws Exception {
    SharedKafka.admin()
        .incrementalAlterConfigs(
            Map.of(
                new ConfigResource(ConfigResource.Type.TOPIC, topics.deadLetters()),
                List.of(
                    new AlterConfigOp(
                        new ConfigEntry(
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(maxMessageBytes)),
                        AlterConfigOp.OpType.SET))))
        .all()
        .get();
  }

  private static String randomLetters(int length) {
    Random random = new Random(11);
    StringBuilder letters = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      letters.append((char) ('a' + random.nextInt(26)));
    }
    return letters.toString();
  }

  private static String scrape(int port) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static ConsumerRecord<byte[], byte[]> deadLetterOf(String key) {
    return deadLetterOf(Names.LEAD_EVENTS_DLQ, key);
  }

  private static ConsumerRecord<byte[], byte[]> deadLetterOf(String topic, String key) {
    List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () -> {
              letters.clear();
              TopicReader.readAll(topic).stream()
                  .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(key))
                  .forEach(letters::add);
              assertThat(letters).hasSize(1);
            });
    return letters.get(0);
  }

  private static List<String> leadIdsOnPartition(String workspace, int partition, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; ids.size() < count; i++) {
      String id = "lead_" + i + "_" + workspace;
      if (LeadPartitioner.partitionOf(id, PARTITIONS) == partition) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static Set<String> threadNames(KafkaStreams streams) {
    return streams.metadataForLocalThreads().stream()
        .map(ThreadMetadata::threadName)
        .collect(Collectors.toSet());
  }

  /** An ordinary producer that compresses, with max.request.size raised for one 2 MB event. */
  private static KafkaProducer<byte[], byte[]> gzipProducer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
