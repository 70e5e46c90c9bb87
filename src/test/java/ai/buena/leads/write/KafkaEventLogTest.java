package ai.buena.leads.write;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ai.buena.leads.clients.KafkaClientConfig;
import ai.buena.leads.query.UnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaEventLogTest {

  @Test
  void shouldRefuseAnAppendAfterTheLogClosedAsUnavailableNotAsAnUnexpectedFailure() {
    KafkaEventLog log =
        new KafkaEventLog(
            KafkaClientConfig.plain("localhost:1"), "lead-events", 6, Duration.ofMillis(500));
    log.close();

    assertThatThrownBy(
            () -> log.append("lead_1", "{}".getBytes(StandardCharsets.UTF_8), Map.of()))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("not sent");
  }

  @Test
  void shouldAnswerAWriteKafkaRefusedForAMissingAclAsNotAppendedNotAsUncertain() {
    CompletableFuture<Void> append =
        appendAnsweredWith(new TopicAuthorizationException(java.util.Set.of("lead-events")));

    assertThatThrownBy(append::join)
        .hasCauseInstanceOf(UnavailableException.class)
        .cause()
        .hasMessageContaining("the event was not appended")
        .hasMessageContaining("grant Write on lead-events");
  }

  @Test
  void shouldAnswerAWriteKafkaFailedOtherwiseAsUncertain() {
    CompletableFuture<Void> append = appendAnsweredWith(new TimeoutException("Expiring 1 record(s)"));

    assertThatThrownBy(append::join).hasCauseInstanceOf(AppendUncertainException.class);
  }

  @Test
  void shouldAnswerAWriteToAProducerFailedForGoodByARefusalAsNotAppended() {
    MockProducer<String, byte[]> producer = manualProducer();
    producer.sendException =
        new org.apache.kafka.common.KafkaException(
            "Cannot execute transactional method because we are in an error state",
            new org.apache.kafka.common.errors.ClusterAuthorizationException(
                "Cluster authorization failed."));
    KafkaEventLog log = new KafkaEventLog(producer, "lead-events", 6, Duration.ofSeconds(5));

    assertThatThrownBy(
            () -> log.append("lead_1", "{}".getBytes(StandardCharsets.UTF_8), Map.of()))
        .isInstanceOf(UnavailableException.class)
        .hasMessageContaining("the event was not appended")
        .hasMessageContaining("IdempotentWrite");
  }

  private static MockProducer<String, byte[]> manualProducer() {
    return new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  }

  /** An append whose send Kafka answers with {@code failure}. */
  private static CompletableFuture<Void> appendAnsweredWith(RuntimeException failure) {
    MockProducer<String, byte[]> producer = manualProducer();
    KafkaEventLog log = new KafkaEventLog(producer, "lead-events", 6, Duration.ofSeconds(5));
    CompletableFuture<Void> append =
        CompletableFuture.runAsync(
            () -> log.append("lead_1", "{}".getBytes(StandardCharsets.UTF_8), Map.of()));
    await().atMost(Duration.ofSeconds(5)).until(() -> !producer.history().isEmpty());
    producer.errorNext(failure);
    return append;
  }
}
