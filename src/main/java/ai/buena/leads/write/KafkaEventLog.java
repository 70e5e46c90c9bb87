package ai.buena.leads.write;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.clients.TopicNotFoundException;
import ai.buena.leads.projection.LeadPartitioner;
import ai.buena.leads.query.UnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The API's own producer: idempotent, {@code acks=all}, built from the same client settings as every
 * other client (so {@code --kafka-config} applies). A record goes to the partition {@link
 * LeadPartitioner} gives its lead id, which is what a CRM producer's default partitioner gives it.
 * Thread-safe; one producer for all requests, so concurrent writes share batches.
 */
public final class KafkaEventLog implements EventLog, AutoCloseable {
  /** How long a write waits for Kafka's acknowledgement before answering 503. */
  public static final Duration ACK_DEADLINE = Duration.ofSeconds(5);

  private static final Duration STOPPING_RETRY_AFTER = Duration.ofSeconds(1);
  /** A missing ACL is fixed by an operator, not in a second. */
  private static final Duration REFUSED_RETRY_AFTER = Duration.ofSeconds(30);
  /** Replaced after a refusal that leaves it failed for good ({@link #renewAfterRefusal}). */
  private final java.util.concurrent.atomic.AtomicReference<Producer<String, byte[]>> producer;
  /** Makes a new producer; null: none (tests over Kafka's {@code MockProducer}). */
  private final java.util.function.Supplier<Producer<String, byte[]>> newProducer;
  private volatile long renewedAtNanos = System.nanoTime() - REFUSED_RETRY_AFTER.toNanos();
  private final String topic;
  private final int partitions;
  private final Duration deadline;

  public KafkaEventLog(KafkaClientConfig kafka, String topic, int partitions) {
    this(kafka, topic, partitions, ACK_DEADLINE);
  }

  public KafkaEventLog(KafkaClientConfig kafka, String topic, int partitions, Duration deadline) {
    this(producer(kafka, deadline), () -> producer(kafka, deadline), topic, partitions, deadline);
  }

  /**
   * A log for {@code topic} with as many partitions as the cluster says it has (a metadata request,
   * which any account that may write the topic may make).
   *
   * @throws IllegalStateException when the topic does not exist or Kafka does not say within {@link
   *     #ACK_DEADLINE}
   */
  public static KafkaEventLog onCluster(KafkaClientConfig kafka, String topic) {
    KafkaProducer<String, byte[]> producer = producer(kafka, ACK_DEADLINE);
    KafkaEventLog log = new KafkaEventLog(producer, topic, 0, ACK_DEADLINE);
    try {
      return new KafkaEventLog(
          producer,
          () -> producer(kafka, ACK_DEADLINE),
          topic,
          log.partitionsOnCluster(),
          ACK_DEADLINE);
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
  }

  /** The partition count of the topic on the cluster now (a metadata request). */
  public int partitionsOnCluster() {
    try {
      return producer.get().partitionsFor(topic).size();
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      // what a producer says of a topic the cluster does not have, and of a slow cluster
      throw new TopicNotFoundException(
          "Kafka did not name topic " + topic + " in its metadata within "
              + ACK_DEADLINE.toSeconds() + " s (" + e.getMessage() + "): with --topics skip,"
              + " create the topics as topics/topics.yaml declares; else Kafka was slow, start again",
          false,
          e);
    } catch (KafkaException e) {
      throw new IllegalStateException(
          "could not learn the partitions of topic " + topic + " within " + ACK_DEADLINE + ": " + e, e);
    }
  }

  /** Over {@code producer}, which it closes (tests: Kafka's {@code MockProducer}). */
  KafkaEventLog(Producer<String, byte[]> producer, String topic, int partitions, Duration deadline) {
    this(producer, null, topic, partitions, deadline);
  }

  private KafkaEventLog(
      Producer<String, byte[]> producer,
      java.util.function.Supplier<Producer<String, byte[]>> newProducer,
      String topic,
      int partitions,
      Duration deadline) {
    this.producer = new java.util.concurrent.atomic.AtomicReference<>(producer);
    this.newProducer = newProducer;
    this.topic = topic;
    this.partitions = partitions;
    this.deadline = deadline;
  }

  public int partitions() {
    return partitions;
  }

  private static KafkaProducer<String, byte[]> producer(KafkaClientConfig kafka, Duration deadline) {
    Properties props =
        kafka.properties(
            Map.of(
                ProducerConfig.CLIENT_ID_CONFIG, "lead-projection-api-writes",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                // send() must not block beyond the write's own deadline waiting for metadata
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) deadline.toMillis()),
            Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all"));
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  @Override
  public Appended append(String leadId, byte[] event, Map<String, String> headers) {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    ProducerRecord<String, byte[]> record =
        new ProducerRecord<>(topic, LeadPartitioner.partitionOf(leadId, partitions), leadId, event);
    headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
    Future<RecordMetadata> ack;
    try {
      ack = producer.get().send(record);
    } catch (IllegalStateException closed) {
      // the instance is stopping (its producer closed while this write was under way)
      throw new UnavailableException(
          "the instance is stopping: the event was not sent", STOPPING_RETRY_AFTER);
    } catch (KafkaException e) {
      Optional<AuthorizationException> refused = refusal(e);
      if (refused.isPresent()) {
        // a producer failed for good by an earlier refusal: nothing was sent
        throw refusedWrite(refused.get());
      }
      throw new AppendUncertainException("the event could not be sent: " + e, e);
    }
    try {
      long left = Math.max(0, deadlineNanos - System.nanoTime());
      RecordMetadata metadata = ack.get(left, TimeUnit.NANOSECONDS);
      return new Appended(metadata.partition(), metadata.offset());
    } catch (TimeoutException e) {
      throw new AppendUncertainException("no acknowledgement within " + deadline, e);
    } catch (ExecutionException e) {
      Optional<AuthorizationException> refused = refusal(e.getCause());
      if (refused.isPresent()) {
        // an ACL refusal is a verdict, not an uncertainty: the event is not in the log
        throw refusedWrite(refused.get());
      }
      throw new AppendUncertainException("Kafka refused the event: " + e.getCause(), e.getCause());
    } catch (KafkaException e) {
      Optional<AuthorizationException> refused = refusal(e);
      if (refused.isPresent()) {
        throw refusedWrite(refused.get());
      }
      throw new AppendUncertainException("the event could not be sent: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AppendUncertainException("interrupted while waiting for the acknowledgement", e);
    }
  }

  /** How long a close waits for the writes the producer still holds. */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  @Override
  public void close() {
    producer.get().close(CLOSE_TIMEOUT);
  }

  private static Optional<AuthorizationException> refusal(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof AuthorizationException refused) {
        return Optional.of(refused);
      }
    }
    return Optional.empty();
  }

  /**
   * The 503 of a write Kafka refused, and a new producer for the writes after it: a refused
   * producer id (no Write on any topic, or no IdempotentWrite on brokers before 3.0) leaves Kafka's
   * idempotent producer failed for good, which would refuse every later write even once the ACL is
   * granted. At most one new producer per {@link #REFUSED_RETRY_AFTER}.
   */
  private UnavailableException refusedWrite(AuthorizationException refused) {
    renewAfterRefusal();
    String grant =
        refused instanceof org.apache.kafka.common.errors.ClusterAuthorizationException
            ? "grant Write on " + topic + "; on brokers before 3.0 also IdempotentWrite on the cluster"
            : "grant Write on " + topic;
    return new UnavailableException(
        "Kafka refused this instance's principal the write ("
            + grant
            + ", ops/runbook.md#kafka-acls): the event was not appended: "
            + refused.getMessage(),
        REFUSED_RETRY_AFTER);
  }

  private void renewAfterRefusal() {
    long now = System.nanoTime();
    long last = renewedAtNanos;
    if (newProducer == null || now - last < REFUSED_RETRY_AFTER.toNanos()) {
      return;
    }
    synchronized (this) {
      if (renewedAtNanos != last) {
        return;
      }
      renewedAtNanos = now;
      Producer<String, byte[]> old = producer.getAndSet(newProducer.get());
      old.close(Duration.ZERO);
    }
  }
}
