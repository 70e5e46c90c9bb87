package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.runtime.generate.HistoryGenerator;
import ai.buena.leads.threads.DaemonThreads;
import java.io.BufferedWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** The demo workspace of {@code dev}: the seed page's two leads plus generated ones. */
final class DemoData {
  static final String WORKSPACE = "ws_demo";
  static final Instant GENERATED_UNTIL = Instant.parse("2026-01-01T00:00:00Z");
  private static final int PIPE_BYTES = 1 << 20;

  /** The seed page's example leads, as the histories that produce exactly the page's JSON. */
  static final List<String> SEED_EVENTS =
      List.of(
          "{\"eventId\":\"evt_seed_1\",\"type\":\"LeadCreated\",\"leadId\":\"lead_abc123\","
              + "\"workspaceId\":\"ws_demo\",\"occurredAt\":\"2024-01-15T10:30:00Z\",\"data\":{"
              + "\"firstName\":\"John\",\"lastName\":\"Doe\",\"email\":\"john@techcorp.com\","
              + "\"linkedinUrl\":\"https://linkedin.com/in/johndoe\",\"company\":\"Tech Corp\","
              + "\"title\":\"Senior Software Engineer\",\"phone\":\"+1-555-123-4567\","
              + "\"location\":\"San Francisco, CA\",\"status\":\"new\",\"source\":\"linkedin\","
              + "\"tags\":[\"ai\",\"enterprise\",\"high-priority\"],"
              + "\"customFields\":{\"industry\":\"Technology\",\"employeeCount\":\"100-500\","
              + "\"budget\":\"$50k+\"}}}",
          "{\"eventId\":\"evt_seed_2\",\"type\":\"LeadContacted\",\"leadId\":\"lead_abc123\","
              + "\"workspaceId\":\"ws_demo\",\"occurredAt\":\"2024-01-16T09:15:00Z\","
              + "\"data\":{\"channel\":\"linkedin\"}}",
          "{\"eventId\":\"evt_seed_3\",\"type\":\"LeadUpdated\",\"leadId\":\"lead_abc123\","
              + "\"workspaceId\":\"ws_demo\",\"occurredAt\":\"2024-01-18T14:22:00Z\","
              + "\"data\":{\"notes\":\"Interested in AI solutions. Follow up next week.\"}}",
          "{\"eventId\":\"evt_seed_4\",\"type\":\"LeadCreated\",\"leadId\":\"lead_def456\","
              + "\"workspaceId\":\"ws_demo\",\"occurredAt\":\"2024-01-20T08:45:00Z\",\"data\":{"
              + "\"firstName\":\"Jane\",\"lastName\":\"Smith\",\"email\":\"jane@startup.io\","
              + "\"linkedinUrl\":\"https://linkedin.com/in/janesmith\",\"company\":\"Startup Inc\","
              + "\"title\":\"CTO\",\"phone\":null,\"location\":\"New York, NY\",\"status\":\"new\","
              + "\"source\":\"website\",\"notes\":null,\"tags\":[\"startup\",\"technical\"],"
              + "\"customFields\":{\"industry\":\"FinTech\",\"employeeCount\":\"10-50\"}}}");

  private DemoData() {}

  /** Loads the demo workspace once per data directory: not when lead-events already holds events. */
  static long loadIfEmpty(KafkaClientConfig kafka, String topic, int generatedLeads)
      throws IOException {
    if (!isEmpty(kafka, topic)) {
      return 0;
    }
    try (EventPublisher publisher = new EventPublisher(kafka, topic);
        InputStream events = events(generatedLeads)) {
      return publisher.publish(events, rejection -> {}).sent();
    }
  }

  /**
   * The seed's events and then the generated ones, as NDJSON, written by a thread of their own
   * while they are read: 300,000 leads' events (~1M lines) held as one text took more than a
   * 2 GiB heap. Closing the stream early ends the writing thread.
   */
  static InputStream events(int generatedLeads) throws IOException {
    return events(
        lines -> new HistoryGenerator(42, WORKSPACE, GENERATED_UNTIL).generate(generatedLeads, lines));
  }

  /**
   * The seed's events, then the lines {@code generator} gives: a failure of the generator ends the
   * stream with an {@link IOException}, not a clean end that would publish part of the data as if
   * it were all.
   */
  static InputStream events(Consumer<Consumer<String>> generator) throws IOException {
    PipedInputStream pipe = new PipedInputStream(PIPE_BYTES);
    PipedOutputStream sink = new PipedOutputStream(pipe);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    DaemonThreads.named("demo-events").newThread(() -> write(sink, generator, failure)).start();
    return new FilterInputStream(pipe) {
      @Override
      public int read() throws IOException {
        return checked(super.read());
      }

      @Override
      public int read(byte[] bytes, int offset, int length) throws IOException {
        return checked(super.read(bytes, offset, length));
      }

      private int checked(int read) throws IOException {
        if (read < 0 && failure.get() != null) {
          throw new IOException("the demo events could not be generated", failure.get());
        }
        return read;
      }
    };
  }

  private static void write(
      OutputStream sink, Consumer<Consumer<String>> generator, AtomicReference<Throwable> failure) {
    try (Writer out = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), PIPE_BYTES)) {
      for (String line : SEED_EVENTS) {
        out.write(line);
        out.write('\n');
      }
      try {
        generator.accept(
            line -> {
              try {
                out.write(line);
                out.write('\n');
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
      } catch (UncheckedIOException readerGone) {
        throw readerGone;
      } catch (RuntimeException | Error e) {
        // before the stream's end, so that the reader sees the failure (it reports it) instead of that end
        failure.set(e);
      }
    } catch (IOException | UncheckedIOException readerGone) {
      // the reading side closed the stream (publishing failed or stopped): nothing more to write
    }
  }

  private static boolean isEmpty(KafkaClientConfig kafka, String topic) {
    try (Admin admin =
        Admin.create(
            kafka.properties(
                Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "lead-projection-demo"), Map.of()))) {
      Set<TopicPartition> partitions =
          admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
              .partitions().stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .collect(Collectors.toSet());
      Map<TopicPartition, OffsetSpec> latest =
          partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
      return admin.listOffsets(latest).all().get().values().stream().allMatch(o -> o.offset() == 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading " + topic + " offsets", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot read " + topic + " offsets: " + e.getCause().getMessage(), e);
    }
  }
}
