package ai.buena.leads.runtime;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.projection.DeadLetterRecord;
import ai.buena.leads.projection.DeadLetterTopicLimit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the dead-letter topic's {@code max.message.bytes} once at start, on a thread of its own,
 * into the projection's {@link DeadLetterTopicLimit}: a topic that takes less than a full dead
 * letter (the start-up check lets 512 KiB to 1 MiB through with a WARN) then gets copies cut to
 * fit, instead of refusing them and failing a stream thread three times per such event.
 */
final class DeadLetterTopicSize {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterTopicSize.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final Duration RETRY_EVERY = Duration.ofSeconds(10);
  static final int ATTEMPTS = 30;

  private final Function<Map<String, Object>, Admin> admins;
  private final String topic;
  private final DeadLetterTopicLimit limit;

  DeadLetterTopicSize(KafkaClientConfig kafka, String topic, DeadLetterTopicLimit limit) {
    this(settings -> Admin.create(kafka.properties(settings, Map.of())), topic, limit);
  }

  DeadLetterTopicSize(
      Function<Map<String, Object>, Admin> admins, String topic, DeadLetterTopicLimit limit) {
    this.admins = admins;
    this.topic = topic;
    this.limit = limit;
  }

  /**
   * Reads the limit on a daemon thread, again every {@link #RETRY_EVERY} while it cannot (on a
   * first start the topic may not exist yet: the start-up check creates it meanwhile), at most
   * {@link #ATTEMPTS} times, once when the broker refuses the request; until then dead letters are
   * full copies.
   */
  void readInBackground() {
    Thread reading = new Thread(() -> readWithRetries(RETRY_EVERY), "dead-letter-topic-size");
    reading.setDaemon(true);
    reading.start();
  }

  /** The loop of {@link #readInBackground}, {@code every} apart; returns the attempts it made. */
  int readWithRetries(Duration every) {
    for (int attempt = 1; ; attempt++) {
      Optional<Failure> failure = read();
      if (failure.isEmpty()) {
        return attempt;
      }
      if (attempt == ATTEMPTS || failure.get().lasting()) {
        LOG.warn(
            "could not read {}'s max.message.bytes ({}): dead letters copy up to {} bytes"
                + " of an event, which the declared topics take",
            topic,
            failure.get().reason(),
            DeadLetterRecord.MAX_VALUE_BYTES);
        return attempt;
      }
      try {
        Thread.sleep(every.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return attempt;
      }
    }
  }

  /**
   * Why the limit could not be read; {@code lasting} when asking again cannot help (the broker
   * refuses the request: no DescribeConfigs permission, or a broker without the API).
   */
  record Failure(String reason, boolean lasting) {
    static Failure of(Throwable error) {
      return new Failure(
          error.toString(),
          error instanceof AuthorizationException
              || error instanceof SecurityDisabledException
              || error instanceof UnsupportedVersionException);
    }
  }

  /** Reads the limit once: empty when it did (or the topic sets none), else why it could not. */
  Optional<Failure> read() {
    int millis = (int) TIMEOUT.toMillis();
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Admin admin =
        admins.apply(
            Map.<String, Object>of(
                AdminClientConfig.CLIENT_ID_CONFIG, "lead-projection-dead-letter-topic",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis));
    try {
      Config config =
          admin.describeConfigs(List.of(resource)).all().get(millis, TimeUnit.MILLISECONDS).get(resource);
      ConfigEntry entry = config == null ? null : config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
      if (entry == null || entry.value() == null) {
        return Optional.empty();
      }
      limit.topicTakes(Long.parseLong(entry.value().strip()));
      if (limit.maxValueBytes() < DeadLetterRecord.MAX_VALUE_BYTES) {
        LOG.info(
            "{} takes records of at most {} bytes (max.message.bytes): dead letters copy at most"
                + " {} bytes of an event",
            topic,
            limit.topicMaxMessageBytes(),
            limit.maxValueBytes());
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of(new Failure("interrupted", true));
    } catch (Exception e) {
      return Optional.of(Failure.of(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e));
    } finally {
      admin.close(Duration.ZERO);
    }
  }
}
