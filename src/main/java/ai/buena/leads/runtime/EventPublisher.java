package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.events.EventParser;
import ai.buena.leads.events.ParseResult;
import ai.buena.leads.projection.Names;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes newline-delimited events to {@code lead-events}, keyed by leadId, after validating
 * each line with the projection's own rules. Idempotent producer, every record acknowledged by all
 * in-sync replicas before {@link #publish} returns.
 */
public final class EventPublisher implements AutoCloseable {
  /** How long to wait for the topic's metadata: an unreachable cluster or a missing topic. */
  static final Duration METADATA_WAIT = Duration.ofSeconds(20);

  private final EventParser parser = new EventParser();
  private final KafkaProducer<String, byte[]> producer;
  private final Admin admin;
  private final String topic;

  public EventPublisher(String bootstrapServers) {
    this(KafkaClientConfig.plain(bootstrapServers), Names.LEAD_EVENTS);
  }

  public EventPublisher(KafkaClientConfig kafka, String topic) {
    this.topic = topic;
    Properties props =
        kafka.properties(
            Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) METADATA_WAIT.toMillis(),
                ProducerConfig.CLIENT_ID_CONFIG, "lead-projection-produce"),
            Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"));
    producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    admin =
        Admin.create(
            kafka.properties(
                Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "lead-projection-produce-admin"),
                Map.of()));
  }

  /** One refused line: its 1-based number and why. */
  public record Rejection(long line, String code, String message) {}

  public record Report(long sent, long rejected) {}

  /**
   * Reads every line ({@link NdjsonLines}); blank lines are skipped. Sends each valid event and
   * waits for all acks; stops reading at Kafka's first refusal.
   *
   * @throws PublishFailed when reading fails or Kafka refused a record, with what was done by then
   *     (what was acknowledged is in the topic, and re-sending is safe thanks to de-duplication)
   */
  public Report publish(InputStream input, Consumer<Rejection> onRejected) throws PublishFailed {
    requireTopic();
    NdjsonLines lines = new NdjsonLines(input, EventParser.MAX_EVENT_BYTES);
    AtomicLong sent = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long rejected = 0;
    long number = 0;
    try {
      for (NdjsonLines.Line line = lines.next(); line != null && failure.get() == null; line = lines.next()) {
        number = line.number();
        if (line.blank()) {
          continue;
        }
        if (line.bytes() == null) {
          rejected++;
          onRejected.accept(new Rejection(number, line.code(), line.problem()));
          continue;
        }
        byte[] value = line.bytes();
        ParseResult parsed = parser.parseUnkeyed(value);
        if (parsed instanceof ParseResult.Invalid invalid) {
          rejected++;
          onRejected.accept(new Rejection(number, invalid.error().code(), invalid.error().message()));
          continue;
        }
        String leadId = ((ParseResult.Valid) parsed).event().leadId();
        producer.send(
            new ProducerRecord<>(topic, leadId, value),
            (metadata, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              } else {
                sent.incrementAndGet();
              }
            });
      }
    } catch (IOException | KafkaException e) {
      producer.flush();
      throw new PublishFailed(e.getMessage(), e, new Report(sent.get(), rejected), number);
    }
    producer.flush();
    if (failure.get() != null) {
      throw new PublishFailed(
          "Kafka refused an event: " + failure.get().getMessage(),
          failure.get(),
          new Report(sent.get(), rejected),
          number);
    }
    return new Report(sent.get(), rejected);
  }

  /** {@link #publish(InputStream, Consumer)} of text already read (tests; held whole in memory). */
  public Report publish(BufferedReader text, Consumer<Rejection> onRejected) throws IOException {
    StringBuilder all = new StringBuilder();
    for (String line = text.readLine(); line != null; line = text.readLine()) {
      all.append(line).append('\n');
    }
    return publish(new ByteArrayInputStream(all.toString().getBytes(StandardCharsets.UTF_8)), onRejected);
  }

  /**
   * Fails within {@link #METADATA_WAIT}, before any line is read, when Kafka cannot be reached or
   * the topic is not there; asked of an admin client, which never creates the topic (a producer's
   * metadata request lets a broker with auto-creation make it with its own defaults).
   */
  private void requireTopic() throws PublishFailed {
    try {
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(METADATA_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new TopicMissing(topic);
      }
      throw PublishFailed.beforeAnyLine(String.valueOf(e.getCause().getMessage()), e.getCause());
    } catch (TimeoutException e) {
      throw PublishFailed.beforeAnyLine("Kafka did not answer within " + METADATA_WAIT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PublishFailed.beforeAnyLine("interrupted", e);
    }
  }

  /** Publishing stopped: why, what was done by then, and the last line read. */
  public static class PublishFailed extends IOException {
    private final transient Report report;
    private final long lastLine;

    PublishFailed(String message, Throwable cause, Report report, long lastLine) {
      super(message, cause);
      this.report = report;
      this.lastLine = lastLine;
    }

    /** Stopped before any line was read: nothing sent, nothing rejected. */
    static PublishFailed beforeAnyLine(String message, Throwable cause) {
      return new PublishFailed(message, cause, new Report(0, 0), 0);
    }

    public Report report() {
      return report;
    }

    public long lastLine() {
      return lastLine;
    }
  }

  /** The topic does not exist: nothing was read or sent. */
  public static final class TopicMissing extends PublishFailed {
    TopicMissing(String topic) {
      super(
          "topic " + topic + " does not exist (serve or dev creates it; check --topic-prefix)",
          null,
          new Report(0, 0),
          0);
    }
  }

  @Override
  public void close() {
    producer.close();
    // its one call is answered or given up by now: never wait out its API timeout (60 s)
    admin.close(Duration.ofSeconds(1));
  }
}
