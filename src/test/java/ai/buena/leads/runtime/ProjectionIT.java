package ai.buena.leads.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.lead.Lead;
import ai.buena.leads.projection.Names;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.testing.Directories;
import ai.buena.leads.testing.PublishedEvents;
import ai.buena.leads.testing.ReferenceProjection;
import ai.buena.leads.testing.RunningApp;
import ai.buena.leads.testing.SharedKafka;
import ai.buena.leads.testing.TestTopics;
import ai.buena.leads.testing.TopicReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The projection on a real broker: produce → stores, restarts, wiped state, replays, bad input. */
class ProjectionIT {
  private static final Duration APPLIED = Duration.ofSeconds(90);
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @TempDir Path dataDir;

  @BeforeAll
  static void topics() {
    TestTopics.ensureDeclaredTopics();
  }

  @Test
  void shouldRefuseToProduceToATopicThatDoesNotExistWithoutCreatingIt() throws Exception {
    Path file = dataDir.resolve("to-nowhere.ndjson");
    Files.write(file, generate(uniqueWorkspace(), 5), StandardCharsets.UTF_8);
    String prefix = SharedKafka.uniqueName("typo") + ".";

    int exit =
        Main.commandLine()
            .execute(
                "produce", "--bootstrap-servers", SharedKafka.bootstrapServers(), "--file", file.toString(),
                "--topic-prefix", prefix);

    assertThat(exit).isEqualTo(2);
    assertThat(SharedKafka.admin().listTopics().names().get()).noneMatch(name -> name.startsWith(prefix));
  }

  @Test
  void shouldProjectEventsSentThroughTheProduceCommandIntoTheStores() throws IOException {
    String workspace = uniqueWorkspace();
    List<String> events = generate(workspace, 300);
    Path file = dataDir.resolve("events.ndjson");
    Files.write(file, events, StandardCharsets.UTF_8);

    int exit =
        Main.commandLine()
            .execute("produce", "--bootstrap-servers", SharedKafka.bootstrapServers(), "--file", file.toString());

    assertThat(exit).isZero();
    ReferenceProjection expected = new ReferenceProjection().apply(events);
    try (RunningApp app = RunningApp.start(config("produce"))) {
      awaitSameAsReference(app, expected, workspace);
    }
  }

  @Test
  void shouldNeitherLoseNorDoubleApplyEventsAcrossARestartOnTheSameState() throws IOException {
    String workspace = uniqueWorkspace();
    List<String> events = generate(workspace, 400);
    List<String> firstHalf = events.subList(0, events.size() / 2);
    List<String> secondHalf = new ArrayList<>(events.subList(events.size() / 2, events.size()));
    secondHalf.addAll(firstHalf.subList(0, 50)); // producer retries of already applied events
    ReferenceProjection expected = new ReferenceProjection().apply(events);
    var config = config("restart");

    try (RunningApp app = RunningApp.start(config)) {
      publish(firstHalf);
      awaitSameAsReference(app, new ReferenceProjection().apply(firstHalf), workspace);
    }
    publish(secondHalf);
    try (RunningApp app = RunningApp.start(config)) {
      awaitSameAsReference(app, expected, workspace);
    }
    assertThat(deadLettersOf(workspace)).isZero();
  }

  @Test
  void shouldRestoreIdenticalStoresFromChangelogsAfterTheStateDirectoryIsWiped() throws IOException {
    String workspace = uniqueWorkspace();
    List<String> events = generate(workspace, 300);
    ReferenceProjection expected = new ReferenceProjection().apply(events);
    var config = config("wipe");
    Map<String, Lead> before;
    try (RunningApp app = RunningApp.start(config)) {
      publish(events);
      awaitSameAsReference(app, expected, workspace);
      before = app.leadsOf(workspace);
    }
    Directories.deleteRecursively(config.stateDir());

    try (RunningApp app = RunningApp.start(config)) {
      awaitSameAsReference(app, expected, workspace);
      assertThat(app.leadsOf(workspace)).isEqualTo(before);
    }
  }

  @Test
  void shouldRebuildIdenticalStoresByReplayingTheLogFromScratch() throws IOException {
    String workspace = uniqueWorkspace();
    List<String> events = generate(workspace, 300);
    ReferenceProjection expected = new ReferenceProjection().apply(events);
    Map<String, Lead> first;
    try (RunningApp app = RunningApp.start(config("replay-a"))) {
      publish(events);
      awaitSameAsReference(app, expected, workspace);
      first = app.leadsOf(workspace);
    }

    try (RunningApp replay = RunningApp.start(config("replay-b"))) {
      awaitSameAsReference(replay, expected, workspace);
      assertThat(replay.leadsOf(workspace)).isEqualTo(first);
    }
  }

  @Test
  void shouldDeadLetterABurstOfMalformedRecordsAndApplyEveryGoodEventAround() throws IOException {
    String workspace = uniqueWorkspace();
    List<String> good = generate(workspace, 100);
    String badKey = "lead_bad_" + workspace;
    List<byte[]> bad =
        List.of(
            bytes("not json at all"),
            bytes("[1,2,3]"),
            bytes("{\"eventId\":\"e\",\"type\":\"LeadCreated\"}"),
            bytes("{\"eventId\":\"e1\",\"type\":\"LeadExploded\",\"leadId\":\"" + badKey
                + "\",\"workspaceId\":\"" + workspace + "\",\"occurredAt\":\"2024-01-01T00:00:00Z\"}"),
            bytes("{\"eventId\":\"e2\",\"type\":\"LeadCreated\",\"leadId\":\"someone_else\","
                + "\"workspaceId\":\"" + workspace + "\",\"occurredAt\":\"2024-01-01T00:00:00Z\"}"),
            new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1},
            bytes("{\"eventId\":\"e3\",\"type\":\"LeadUpdated\",\"leadId\":\"" + badKey
                + "\",\"workspaceId\":\"" + workspace + "\",\"occurredAt\":\"2024-01-01T00:00:00Z\",\"data\":{}}"));
    int next = 0;
    try (KafkaProducer<byte[], byte[]> producer = rawProducer()) {
      for (int i = 0; i < good.size(); i++) {
        String line = good.get(i);
        producer.send(new ProducerRecord<>(Names.LEAD_EVENTS, bytes(leadIdOf(line)), bytes(line)));
        if (i % 10 == 0) {
          producer.send(new ProducerRecord<>(Names.LEAD_EVENTS, bytes(badKey), bad.get(next++ % bad.size())));
        }
      }
      producer.flush();
    }
    ReferenceProjection expected = new ReferenceProjection().apply(good);
    int badSent = next;

    try (RunningApp app = RunningApp.start(config("dlq"))) {
      awaitSameAsReference(app, expected, workspace);
      await()
          .atMost(APPLIED)
          .untilAsserted(() -> assertThat(deadLettersWithKey(badKey)).isEqualTo(badSent));
    }
  }

  @Test
  void shouldExposeAppliedEventsAndHttpLatencyOnMetrics() throws Exception {
    String workspace = uniqueWorkspace();
    List<String> events = generate(workspace, 20);
    try (RunningApp app = RunningApp.start(config("metrics"))) {
      publish(events);
      awaitSameAsReference(app, new ReferenceProjection().apply(events), workspace);
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      String base = "http://localhost:" + app.app().httpPort();
      http.send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/health/live")).build(),
          java.net.http.HttpResponse.BodyHandlers.discarding());
      String metrics =
          http.send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/metrics")).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();

      assertThat(metrics)
          .containsPattern("(?m)^leads_events_applied_total [1-9]")
          .contains("leads_events_dead_lettered_total{code=\"INVALID_JSON\"}")
          .contains("leads_freshness_seconds_count")
          .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/health/live\",status=\"200\"}")
          .contains("leads_ready 1.0")
          .contains("jvm_memory_used_bytes");
    }
  }

  private static void awaitSameAsReference(RunningApp app, ReferenceProjection expected, String workspace) {
    await()
        .atMost(APPLIED)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .untilAsserted(
            () -> {
              assertThat(app.leadsOf(workspace)).isEqualTo(expected.leadsOf(workspace));
              assertThat(app.countsOf(workspace)).isEqualTo(expected.countsOf(workspace));
            });
  }

  private AppConfig config(String name) {
    return RunningApp.config("it-" + name + "-" + UUID.randomUUID(), dataDir.resolve(name), "exactly_once_v2");
  }

  private static List<String> generate(String workspace, int leads) {
    List<String> lines = new ArrayList<>();
    new HistoryGenerator(7, workspace, START).generateInterleaved(leads, lines::add);
    return lines;
  }

  private static void publish(List<String> lines) {
    PublishedEvents.publishAll(SharedKafka.bootstrapServers(), lines);
  }

  private static long deadLettersOf(String workspace) {
    return TopicReader.readAll(Names.LEAD_EVENTS_DLQ).stream()
        .filter(r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(workspace))
        .count();
  }

  private static long deadLettersWithKey(String key) {
    return TopicReader.readAll(Names.LEAD_EVENTS_DLQ).stream()
        .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(key))
        .count();
  }

  private static KafkaProducer<byte[], byte[]> rawProducer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static String leadIdOf(String line) {
    int start = line.indexOf("\"leadId\":\"") + 10;
    return line.substring(start, line.indexOf('"', start));
  }

  private static String uniqueWorkspace() {
    return "ws_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
