package ai.buena.leads.write;

import static org.assertj.core.api.Assertions.assertThat;

import ai.buena.leads.testing.Directories;
import ai.buena.leads.lead.Lead;
import ai.buena.leads.lead.LeadJson;
import ai.buena.leads.consistency.ConsistencyToken;
import ai.buena.leads.projection.DedupeEntries;
import ai.buena.leads.projection.LeadTopology;
import ai.buena.leads.projection.Names;
import ai.buena.leads.projection.ProjectionMetrics;
import ai.buena.leads.query.AppliedEvent;
import ai.buena.leads.query.LeadPage;
import ai.buena.leads.query.LeadQuery;
import ai.buena.leads.query.LeadQueryService;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.testing.ReferenceProjection;
import ai.buena.leads.testing.Seeded;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Random sequences of API writes (creates, updates, deletes, retries with the same Idempotency-Key)
 * interleaved with a CRM producer's events, run through the real topology: every write's answer is
 * the lead the projection then holds, and the projection ends as the reference's fold of the log,
 * which is the fold of the log without the retries: a retried write never applies twice.
 */
class LeadWriterPropertyTest {
  private static final String WS = "ws_props";
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void shouldEndInTheReferenceProjectionAndAnswerWhatTheProjectionHolds() {
    Seeded.check(25, LeadWriterPropertyTest::runOneSequence);
  }

  private static void runOneSequence(Random random) {
    try (Topology topology = new Topology()) {
      List<String> producerLines = new ArrayList<>();
      new HistoryGenerator(random.nextLong(), WS, START).generateInterleaved(15, producerLines::add);
      LeadWriter writer = new LeadWriter(topology, topology, topology.clock);
      LeadWriter.Author author = new LeadWriter.Author(WS, "key_props");
      List<String> ids = new ArrayList<>();
      List<Runnable> retries = new ArrayList<>();
      int producerNext = 0;
      for (int step = 0; step < 60; step++) {
        int choice = random.nextInt(10);
        if (choice < 3 && producerNext < producerLines.size()) {
          String line = producerLines.get(producerNext++);
          topology.pipe(leadIdOf(line), line.getBytes(StandardCharsets.UTF_8));
          ids.add(leadIdOf(line));
        } else if (choice < 5) {
          IdempotencyScope scope = new IdempotencyScope(WS, "k" + step, "POST", "/api/v2/leads");
          ObjectNode data = createData(random);
          Supplier<LeadWriter.Outcome> create =
              () ->
                  writer.create(
                      author,
                      LeadIds.derivedLeadId(scope),
                      LeadIds.derivedEventId(scope),
                      data,
                      new LeadWriter.Keyed("f".repeat(64)),
                      null);
          assertAnswerIsHeld(topology, create.get());
          assertThat(topology.held(LeadIds.derivedLeadId(scope))).isNotNull();
          retries.add(create::get);
          ids.add(LeadIds.derivedLeadId(scope));
        } else if (choice < 7 && !ids.isEmpty()) {
          String leadId = ids.get(random.nextInt(ids.size()));
          String eventId = LeadIds.newEventId(topology.clock.instant());
          ObjectNode patch = patch(random);
          assertAnswerIsHeld(topology, writer.update(author, leadId, eventId, patch, null, null));
          retries.add(() -> writer.update(author, leadId, eventId, patch, null, null));
        } else if (choice < 8 && !ids.isEmpty()) {
          String leadId = ids.get(random.nextInt(ids.size()));
          String eventId = LeadIds.newEventId(topology.clock.instant());
          LeadWriter.Outcome outcome = writer.delete(author, leadId, eventId, null, null);
          if (outcome instanceof LeadWriter.Outcome.Written) {
            assertThat(topology.held(leadId)).isNull();
          }
          retries.add(() -> writer.delete(author, leadId, eventId, null, null));
        } else if (!retries.isEmpty()) {
          // a retry never applies twice; its answer is only promised on the instance that
          // answered first (docs/http-api.md, Idempotency), so only the projection is checked
          topology.retrying = true;
          retries.get(random.nextInt(retries.size())).run();
          topology.retrying = false;
        }
      }
      ReferenceProjection reference = new ReferenceProjection().apply(topology.log);
      assertThat(topology.leadsOf(WS)).isEqualTo(reference.leadsOf(WS));
      ReferenceProjection withoutRetries = new ReferenceProjection().apply(topology.firstSends);
      assertThat(topology.leadsOf(WS)).isEqualTo(withoutRetries.leadsOf(WS));
    }
  }

  /** A written lead is what the projection holds right after the event (the driver is synchronous). */
  private static void assertAnswerIsHeld(Topology topology, LeadWriter.Outcome outcome) {
    if (outcome instanceof LeadWriter.Outcome.Written written && written.lead() != null) {
      assertThat(topology.held(written.lead().id())).isEqualTo(written.lead());
    }
  }

  private static ObjectNode createData(Random random) {
    ObjectNode data = JsonNodeFactory.instance.objectNode();
    data.put("firstName", "First" + random.nextInt(50));
    data.put("lastName", "Last" + random.nextInt(50));
    data.put("email", "p" + random.nextInt(1000) + "@example.com");
    if (random.nextBoolean()) {
      data.put("company", "Company " + random.nextInt(10));
    }
    if (random.nextBoolean()) {
      data.putArray("tags").add("t" + random.nextInt(5));
    }
    return data;
  }

  private static ObjectNode patch(Random random) {
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    switch (random.nextInt(4)) {
      case 0 -> patch.put("status", List.of("new", "contacted", "replied", "converted", "cold")
          .get(random.nextInt(5)));
      case 1 -> patch.putNull("company");
      case 2 -> patch.putObject("customFields").put("k" + random.nextInt(3), random.nextInt(9));
      default -> patch.put("notes", "note " + random.nextInt(100));
    }
    return patch;
  }

  private static String leadIdOf(String line) {
    int start = line.indexOf("\"leadId\":\"") + 10;
    return line.substring(start, line.indexOf('"', start));
  }

  /** The real topology in a driver, as the write side's event log and as its lead reader. */
  private static final class Topology implements EventLog, LeadQueryService, AutoCloseable {
    final List<String> log = new ArrayList<>();
    /** The log without the events retried writes produced again. */
    final List<String> firstSends = new ArrayList<>();
    boolean retrying;
    final MutableClock clock = new MutableClock();
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> events;
    private final KeyValueStore<String, byte[]> leads;
    private final WindowStore<String, byte[]> eventIds;

    Topology() {
      Properties props = new Properties();
      props.put(StreamsConfig.APPLICATION_ID_CONFIG, "writes-property");
      props.put(StreamsConfig.STATE_DIR_CONFIG, Directories.freshStateDir());
      props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
      driver =
          new TopologyTestDriver(
              LeadTopology.build(LeadTopology.DEFAULT_DEDUPE_WINDOW, new ProjectionMetrics()),
              props,
              START);
      events =
          driver.createInputTopic(
              Names.LEAD_EVENTS, new ByteArraySerializer(), new ByteArraySerializer());
      leads = driver.getKeyValueStore(Names.LEADS_STORE);
      eventIds = driver.getWindowStore(Names.EVENT_IDS_STORE);
    }

    void pipe(String leadId, byte[] value) {
      pipe(leadId, value, Map.of());
    }

    void pipe(String leadId, byte[] value, Map<String, String> headers) {
      clock.tick();
      log.add(new String(value, StandardCharsets.UTF_8));
      if (!retrying) {
        firstSends.add(log.get(log.size() - 1));
      }
      RecordHeaders recordHeaders = new RecordHeaders();
      headers.forEach((name, text) -> recordHeaders.add(name, text.getBytes(StandardCharsets.UTF_8)));
      events.pipeInput(
          new TestRecord<>(
              leadId.getBytes(StandardCharsets.UTF_8), value, recordHeaders, clock.instant()));
    }

    @Override
    public Appended append(String leadId, byte[] event, Map<String, String> headers) {
      pipe(leadId, event, headers);
      return new Appended(0, log.size() - 1);
    }

    Lead held(String leadId) {
      byte[] bytes = leads.get(leadId);
      return bytes == null ? null : LeadJson.fromBytes(bytes);
    }

    Map<String, Lead> leadsOf(String workspaceId) {
      Map<String, Lead> result = new HashMap<>();
      try (KeyValueIterator<String, byte[]> all = leads.all()) {
        all.forEachRemaining(
            entry -> {
              Lead lead = LeadJson.fromBytes(entry.value);
              if (lead.workspaceId().equals(workspaceId)) {
                result.put(entry.key, lead);
              }
            });
      }
      return result;
    }

    @Override
    public Optional<Lead> get(String workspaceId, String leadId) {
      return Optional.ofNullable(held(leadId)).filter(l -> l.workspaceId().equals(workspaceId));
    }

    @Override
    public LeadPage list(String workspaceId, LeadQuery query) {
      throw new UnsupportedOperationException("writes read single leads only");
    }

    @Override
    public Optional<AppliedEvent> appliedEvent(
        String leadId, String eventId, ConsistencyToken after) {
      try (WindowStoreIterator<byte[]> entries =
          eventIds.fetch(DedupeEntries.key(leadId, eventId), Instant.EPOCH, clock.instant())) {
        return entries.hasNext()
            ? Optional.of(new AppliedEvent(DedupeEntries.fingerprint(entries.next().value)))
            : Optional.empty();
      }
    }

    @Override
    public void close() {
      driver.close();
    }
  }

  /** Server time that moves one second per event, so every event has its own occurredAt. */
  private static final class MutableClock extends Clock {
    private Instant now = START.plus(Duration.ofDays(400));

    void tick() {
      now = now.plusSeconds(1);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
