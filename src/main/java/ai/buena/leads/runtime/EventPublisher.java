package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.events.EventParser;
import ai.buena.leads.events.ParseResult;
import ai.buena.leads.projection.Names;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
  }

  /** One refused line: its 1-based number and why. */
  public record Rejection(long line, String code, String message) {}

  public record Report(long sent, long rejected) {}

  /**
   * Reads every line; blank lines are skipped. Sends each valid event and waits for all acks; stops
   * reading at Kafka's first refusal.
   *
   * @throws IOException when reading fails or Kafka refused a record (the report is then lost:
   *     what was acknowledged is in the topic, and re-sending is safe thanks to de-duplication)
   */
  public Report publish(BufferedReader lines, Consumer<Rejection> onRejected) throws IOException {
    // fails within METADATA_WAIT, before any line is read, when Kafka or the topic is not there
    producer.partitionsFor(topic);
    AtomicLong sent = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long rejected = 0;
    long number = 0;
    for (String line = lines.readLine();
        line != null && failure.get() == null;
        line = lines.readLine()) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      byte[] value = line.getBytes(StandardCharsets.UTF_8);
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
    producer.flush();
    if (failure.get() != null) {
      throw new IOException("Kafka refused an event: " + failure.get().getMessage(), failure.get());
    }
    return new Report(sent.get(), rejected);
  }

  @Override
  public void close() {
    producer.close();
  }
}
